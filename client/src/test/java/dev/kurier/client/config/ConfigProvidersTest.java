package dev.kurier.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KIP-297 references in config values: env, file and user providers; errors that name the key, not the value. */
class ConfigProvidersTest {

    /** A user provider: the path upper-cased with the key. */
    public static final class Upper implements ConfigProvider {
        @Override
        public String get(String path, String key) {
            return (path + "/" + key).toUpperCase(java.util.Locale.ROOT);
        }
    }

    @Test
    void resolvesEnvFileAndUserProviders(@TempDir Path dir) throws Exception {
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "password=s3cret\n");
        Map<String, Object> out = ConfigProviders.resolve(Map.of(
                "sasl.password", "${file:" + secrets + ":password}",
                "client.id", "app-${env:KURIER_TEST_ENV}",
                "config.providers", "vault",
                "config.providers.vault.class", Upper.class.getName(),
                "ssl.key.password", "${vault:a/b:key}",
                "other", "${unknown:x} stays"), Map.of("KURIER_TEST_ENV", "blue")::get);
        assertThat(out).containsEntry("sasl.password", "s3cret").containsEntry("client.id", "app-blue")
                .containsEntry("ssl.key.password", "A/B/KEY").containsEntry("other", "${unknown:x} stays")
                .doesNotContainKeys("config.providers", "config.providers.vault.class");
    }

    @Test
    void unresolvableReferencesNameTheKey(@TempDir Path dir) throws Exception {
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "other=s3cret\n");
        assertThatThrownBy(() -> ConfigProviders.resolve(Map.of("sasl.password", "${file:" + secrets + ":password}"),
                k -> null)).isInstanceOf(ConfigException.class).hasMessageContaining("sasl.password")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ConfigProviders.resolve(Map.of("sasl.password", "${env:NOT_SET_ANYWHERE}"), k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("environment variable");
    }

    @Test
    void aMalformedSecretIsNeverEchoed() {
        ConfigKey<Integer> fake = ConfigKey.integer("ssl.truststore.password.length", 1, 0, 10, "");
        assertThatThrownBy(() -> fake.parse("hunter2")).isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("hunter2");
    }
}
