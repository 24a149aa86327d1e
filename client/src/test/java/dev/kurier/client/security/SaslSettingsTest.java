package dev.kurier.client.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.config.ConfigException;
import dev.kurier.client.security.sasl.OAuthBearerToken;
import dev.kurier.client.security.sasl.SaslExchange;
import dev.kurier.client.security.sasl.SaslMechanism;
import dev.kurier.client.security.sasl.TokenProvider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which mechanism a config means, and the errors of configs that say too little. */
class SaslSettingsTest {

    private static ClientConfig config(Map<String, ?> sasl) {
        java.util.Map<String, Object> m = new java.util.HashMap<>(sasl);
        m.put("bootstrap.servers", "localhost:9092");
        return ClientConfig.from(m);
    }

    @Test
    void theSimpleKeysAndTheJaasConfigGiveTheSameMechanism() {
        SaslMechanism a = config(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.username", "u", "sasl.password", "p")).channelSecurity().sasl();
        assertThat(a.name()).isEqualTo("SCRAM-SHA-512");
        assertThat(a.toString()).contains("u").doesNotContain("=p");
        SaslMechanism b = config(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";"))
                .channelSecurity().sasl();
        assertThat(b.name()).as("inferred from the login module").isEqualTo("PLAIN");
        byte[] first = b.start("h").initialResponse();
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("\0u\0p");
    }

    @Test
    void missingOrMismatchedPiecesNameTheKey() {
        assertThatThrownBy(() -> config(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "sasl.username", "u"))).isInstanceOf(ConfigException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> config(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" "
                        + "password=\"secret-value\";")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ScramLoginModule")
                .hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> config(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sasl.mechanism");
        assertThatThrownBy(() -> config(Map.of("security.protocol", "SASL_SSL")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GSSAPI");
        assertThatThrownBy(() -> config(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "DIGEST-MD5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PLAIN, SCRAM-SHA-256");
    }

    /** A provider counting its calls, for the cache test. */
    public static final class CountingProvider implements TokenProvider {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public OAuthBearerToken token() {
            CALLS.incrementAndGet();
            return new OAuthBearerToken("token-" + CALLS.get(), Instant.now().plusSeconds(3600));
        }
    }

    @Test
    void oauthBearerTokensComeFromTheProviderAndAreCached() {
        SaslMechanism m = config(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "OAUTHBEARER",
                "sasl.oauthbearer.token.provider.class", CountingProvider.class.getName())).channelSecurity().sasl();
        int before = CountingProvider.CALLS.get();
        SaslExchange x = m.start("h");
        String first = new String(x.initialResponse(), StandardCharsets.UTF_8);
        assertThat(first).startsWith("n,,\u0001auth=Bearer token-").endsWith("\u0001\u0001");
        m.start("h").initialResponse();
        assertThat(CountingProvider.CALLS.get() - before).as("fetches").isEqualTo(1);
        assertThat(x.evaluate(new byte[0])).isNull();
        assertThat(x.isComplete()).isTrue();
        SaslExchange rejected = m.start("h");
        rejected.initialResponse();
        assertThat(rejected.evaluate("{\"status\":\"invalid_token\"}".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(0x01);
        assertThat(rejected.isComplete()).isFalse();
    }
}
