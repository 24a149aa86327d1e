package dev.kurier.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.spring.KurierProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Secrets never appear in Actuator: with {@code show-values=always}, the configprops endpoint masks the JAAS config,
 * passwords and raw Kafka secret keys in {@code kurier.properties[...]}, while other values stay readable.
 */
class SecretsInActuatorTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KurierProperties.class)
    static class Props {
    }

    @Test
    void configpropsMasksEveryKurierSecret() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KurierActuatorAutoConfiguration.class,
                        EndpointAutoConfiguration.class, ConfigurationPropertiesReportEndpointAutoConfiguration.class))
                .withUserConfiguration(Props.class)
                .withPropertyValues("management.endpoint.configprops.show-values=always",
                        "management.endpoints.web.exposure.include=configprops",
                        "kurier.bootstrap-servers=kafka-1:9093",
                        "kurier.sasl.jaas-config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                                + "username=\"app\" password=\"hunter1\";",
                        "kurier.sasl.password=hunter2",
                        "kurier.ssl.keystore-password=hunter3",
                        "kurier.properties[sasl.jaas.config]=ScramLoginModule required password=\"hunter4\";",
                        "kurier.properties[ssl.truststore.password]=hunter5",
                        "kurier.properties[sasl.oauthbearer.client.credentials.client.secret]=hunter6",
                        "kurier.properties[linger.ms]=7")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    String json = JsonMapper.builder().build().writeValueAsString(
                            ctx.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
                    assertThat(json).contains("kafka-1:9093").contains("linger.ms");
                    for (int i = 1; i <= 6; i++) {
                        assertThat(json).as("secret %d", i).doesNotContain("hunter" + i);
                    }
                });
    }

    @Test
    void secretKeysAreRecognisedInEveryForm() {
        assertThat(KurierSecretsSanitizer.isSecret("kurier.sasl.jaas-config")).isTrue();
        assertThat(KurierSecretsSanitizer.isSecret("KURIER_SASL_JAASCONFIG")).isTrue();
        assertThat(KurierSecretsSanitizer.isSecret("kurier.properties[ssl.keystore.key]")).isTrue();
        assertThat(KurierSecretsSanitizer.isSecret("kurier.bootstrap-servers")).isFalse();
    }
}
