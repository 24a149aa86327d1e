package dev.kurier.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** A value Kurier rejects fails startup with the {@code kurier.*} property named and what is allowed. */
class BadPropertyValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "kurier.producer.acks=2                 | kurier.producer.acks                 | '2' is not allowed; use one of 0, 1, all, -1",
        "kurier.producer.compression-type=brotli| kurier.producer.compression-type     | use one of none, gzip, snappy, lz4, zstd",
        "kurier.producer.acks=1                 | kurier.producer.enable-idempotence   | needs acks=all, but acks=1",
        "kurier.producer.batch-size=3GB         | kurier.producer.batch-size           | must be between 0 and 2147483647 bytes",
        "kurier.consumer.auto-offset-reset=middle | kurier.consumer.auto-offset-reset  | use one of earliest, latest, none",
        "kurier.consumer.max-poll-records=0     | kurier.consumer.max-poll-records     | must be between 1 and",
        "kurier.security.protocol=TLS           | kurier.security.protocol             | use one of plaintext, ssl, sasl_plaintext, sasl_ssl",
        "kurier.ssl.truststore-type=P12         | kurier.ssl.truststore-type           | use one of jks, pkcs12, pem",
        "kurier.properties[linger.msx]=5        | kurier.properties[linger.msx]        | unknown config key; did you mean 'linger.ms'?",
        "kurier.consumer.properties[fetch.min.bytes]=-1 | kurier.consumer.properties[fetch.min.bytes] | must be between 0 and",
        "kurier.bootstrap-servers=no-port-here  | kurier.bootstrap-servers             | no-port-here",
        "kurier.reconnect-backoff-max=1ms       | kurier.reconnect-backoff-max         | must be >= reconnect.backoff.ms",
        "kurier.listener.error-handler.max-attempts=0 | kurier.listener.error-handler.max-attempts | must be at least 1",
        "kurier.listener.error-handler.back-off.initial-interval=-1s | kurier.listener.error-handler.back-off.initial-interval | must be zero or positive",
        "kurier.listener.error-handler.back-off.multiplier=0.5 | kurier.listener.error-handler.back-off.multiplier | must be a number of at least 1",
        "kurier.listener.error-handler.back-off.max-interval=10ms | kurier.listener.error-handler.back-off.max-interval | must not be below back-off.initial-interval",
        "kurier.listener.error-handler.dead-letter.topic-suffix= | kurier.listener.error-handler.dead-letter.topic-suffix | must not be empty",
        "kurier.listener.error-handler.dead-letter.topic=bad topic! | kurier.listener.error-handler.dead-letter.topic | topic names take only",
        "kurier.listener.error-handler.dead-letter.send-timeout=0s | kurier.listener.error-handler.dead-letter.send-timeout | must be positive",
    })
    void failsNamingTheProperty(String setting, String property, String reason) {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(KurierAutoConfiguration.class))
                .withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1", setting.trim())
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    InvalidConfigurationPropertyValueException e = find(ctx.getStartupFailure());
                    assertThat(e).as("startup failure names a property: " + ctx.getStartupFailure()).isNotNull();
                    assertThat(e.getName()).isEqualTo(property.trim());
                    assertThat(e.getReason()).contains(reason.trim());
                    FailureAnalysis analysis = analyze(ctx.getStartupFailure(), new MockEnvironment());
                    assertThat(analysis.getDescription()).contains(property.trim()).contains(reason.trim());
                });
    }

    @Test
    void typeErrorsAreReportedBySpringsBinderNamingTheProperty() {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(KurierAutoConfiguration.class))
                .withPropertyValues("kurier.producer.linger=soon")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(KurierAutoConfigurationTest.messages(ctx.getStartupFailure())).contains("kurier.producer.linger");
                });
    }

    @Test
    void unknownExceptionClassesAndRecoverersAreReportedNamingTheProperty() {
        for (String setting : new String[] {"kurier.listener.error-handler.not-retryable-exceptions=com.example.Nope",
                "kurier.listener.error-handler.recoverer=carrier-pigeon"}) {
            new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                    .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(KurierAutoConfiguration.class))
                    .withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1", setting)
                    .run(ctx -> {
                        assertThat(ctx).hasFailed();
                        assertThat(KurierAutoConfigurationTest.messages(ctx.getStartupFailure()))
                                .contains(setting.substring(0, setting.indexOf('=')));
                    });
        }
    }

    @Test
    void secretValuesAreNotPrintedInTheFailure() {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(KurierAutoConfiguration.class))
                .withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1", "kurier.security.protocol=SASL_SSL",
                        "kurier.properties[sasl.jaas.config]=topsecret42")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    InvalidConfigurationPropertyValueException e = find(ctx.getStartupFailure());
                    assertThat(e.getName()).isEqualTo("kurier.properties[sasl.jaas.config]");
                    assertThat(e.getValue()).isEqualTo("[hidden]");
                    assertThat(KurierAutoConfigurationTest.messages(ctx.getStartupFailure())).doesNotContain("topsecret42");
                    FailureAnalysis analysis = analyze(ctx.getStartupFailure(),
                            new MockEnvironment().withProperty("kurier.properties[sasl.jaas.config]", "x"));
                    assertThat(analysis.getDescription()).doesNotContain("topsecret42");
                });
    }

    /** What Spring Boot prints for the failure: its own analyzer (package-private, so reached reflectively). */
    private static FailureAnalysis analyze(Throwable failure, Environment env) throws Exception {
        var ctor = Class.forName("org.springframework.boot.diagnostics.analyzer.InvalidConfigurationPropertyValueFailureAnalyzer")
                .getDeclaredConstructor(Environment.class);
        ctor.setAccessible(true);
        return ((FailureAnalyzer) ctor.newInstance(env)).analyze(failure);
    }

    private static InvalidConfigurationPropertyValueException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidConfigurationPropertyValueException e) {
                return e;
            }
        }
        return null;
    }
}
