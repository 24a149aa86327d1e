package dev.kurier.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.spring.Eventually;
import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.KafkaClusterBuilder;
import dev.kurier.testkit.security.SecureListeners;
import dev.kurier.testkit.security.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter connects to secured brokers from {@code kurier.security.*}, {@code kurier.sasl.*}, {@code kurier.ssl.*}. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SecuredStarterTest {

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static SecureListeners secure;
    static KafkaCluster kafka;

    static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KurierAutoConfiguration.class))
            .withPropertyValues("kurier.listener.auto-startup=false");

    @BeforeAll
    static void start() {
        certs = TestCertificates.create(dir.resolve("certs"));
        KafkaClusterBuilder builder = KafkaCluster.builder();
        secure = SecureListeners.configure(builder, certs);
        kafka = builder.start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void saslSslFromProperties() {
        String topic = "spring-sasl-ssl";
        kafka.createTopic(topic, 1, 1);
        RUNNER.withPropertyValues("kurier.bootstrap-servers=" + kafka.bootstrapServers(SecureListeners.SASL_SSL),
                "kurier.security.protocol=SASL_SSL", "kurier.sasl.mechanism=SCRAM-SHA-512",
                "kurier.sasl.username=" + secure.user(), "kurier.sasl.password=" + secure.password(),
                "kurier.ssl.truststore-location=" + certs.trustStore("PKCS12"), "kurier.ssl.truststore-type=PKCS12",
                "kurier.ssl.truststore-password=" + certs.password())
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    sendAndRead(ctx.getBean(KurierTemplate.class), ctx.getBean(KurierClient.class), topic);
                    assertThat(ctx.getBean(KurierClient.class).config().toString()).doesNotContain(secure.password())
                            .doesNotContain(certs.password());
                });
    }

    @Test
    void mutualTlsFromASpringSslBundle() {
        String topic = "spring-mtls-bundle";
        kafka.createTopic(topic, 1, 1);
        RUNNER.withPropertyValues("kurier.bootstrap-servers=" + kafka.bootstrapServers(SecureListeners.MTLS),
                "kurier.security.protocol=SSL", "kurier.ssl.bundle=kafka",
                "spring.ssl.bundle.pem.kafka.keystore.certificate=file:" + dir.resolve("certs/client-chain.pem"),
                "spring.ssl.bundle.pem.kafka.keystore.private-key=file:" + dir.resolve("certs/client-key.pem"),
                "spring.ssl.bundle.pem.kafka.truststore.certificate=file:" + certs.caPem())
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    sendAndRead(ctx.getBean(KurierTemplate.class), ctx.getBean(KurierClient.class), topic);
                });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void sendAndRead(KurierTemplate template, KurierClient client, String topic) throws Exception {
        for (int i = 0; i < 10; i++) {
            template.send(topic, "k" + i, "v" + i).get(30, TimeUnit.SECONDS);
        }
        try (Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            Eventually.repeat(Duration.ofSeconds(30), "10 records", () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= 10;
            });
            assertThat(got).hasSize(10);
        }
    }
}
