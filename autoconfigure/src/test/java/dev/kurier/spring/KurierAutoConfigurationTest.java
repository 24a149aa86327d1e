package dev.kurier.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.spring.convert.DefaultPayloadConverter;
import dev.kurier.spring.convert.JsonCodec;
import dev.kurier.spring.convert.PayloadConverter;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.health.KurierHealthAutoConfiguration;
import dev.kurier.spring.health.KurierHealthIndicator;
import dev.kurier.spring.listener.KurierRecordSourceFactory;
import dev.kurier.spring.listener.KurierListenerAnnotationBeanPostProcessor;
import dev.kurier.spring.listener.KurierListenerContainerFactory;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.ListenerEndpoint;
import dev.kurier.spring.listener.RecordSourceFactory;
import dev.kurier.spring.metrics.KurierClientMeters;
import dev.kurier.spring.metrics.KurierMetricsAutoConfiguration;
import dev.kurier.spring.metrics.MicrometerListenerObserver;
import dev.kurier.spring.metrics.MicrometerNetworkListener;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every bean, condition and back-off of the auto-configuration, without a broker (nothing connects). */
class KurierAutoConfigurationTest {

    static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class, KurierHealthAutoConfiguration.class,
                    KurierMetricsAutoConfiguration.class))
            .withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1", "kurier.listener.auto-startup=false");

    @Test
    void createsEveryBeanWithDefaults() {
        RUNNER.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx).hasSingleBean(KurierClient.class).hasBean("kurierClient");
            assertThat(ctx).hasSingleBean(KurierTemplate.class).hasBean("kurierTemplate");
            assertThat(ctx).hasSingleBean(Admin.class).hasBean("kurierAdmin");
            assertThat(ctx).hasSingleBean(KurierTopicCreator.class);
            assertThat(ctx).hasSingleBean(KurierListenerContainerFactory.class).hasBean("kurierListenerContainerFactory");
            assertThat(ctx).hasSingleBean(KurierListenerRegistry.class).hasBean("kurierListenerRegistry");
            assertThat(ctx).hasSingleBean(KurierListenerAnnotationBeanPostProcessor.class);
            assertThat(ctx).hasSingleBean(PayloadConverter.class).hasSingleBean(JsonCodec.class);
            assertThat(ctx.getBean(RecordSourceFactory.class)).isInstanceOf(KurierRecordSourceFactory.class);
            assertThat(ctx.getBean(KurierConnectionDetails.class)).isInstanceOf(PropertiesKurierConnectionDetails.class);
            assertThat(ctx).hasSingleBean(KurierHealthIndicator.class).hasBean("kurierHealthIndicator");
            // no MeterRegistry: no meters
            assertThat(ctx).doesNotHaveBean(MicrometerListenerObserver.class).doesNotHaveBean(KurierClientMeters.class);
            KurierClient client = ctx.getBean(KurierClient.class);
            assertThat(client.config().bootstrapEndpoints()).hasToString("[127.0.0.1:1]");
        });
    }

    @Test
    void propertiesReachTheClientConfigs() {
        RUNNER.withPropertyValues("kurier.client-id=orders-app", "kurier.request-timeout=5s",
                "kurier.properties[send.buffer.bytes]=4096", "kurier.producer.linger=20ms", "kurier.producer.batch-size=64KB",
                "kurier.producer.compression-type=gzip", "kurier.producer.acks=all", "kurier.producer.retries=3",
                "kurier.producer.properties[max.block.ms]=1234", "kurier.consumer.group-id=g1",
                "kurier.consumer.auto-offset-reset=earliest", "kurier.consumer.max-poll-records=42",
                "kurier.consumer.fetch-max-wait=100ms", "kurier.consumer.fetch-min-bytes=1KB",
                "kurier.consumer.properties[check.crcs]=false", "kurier.consumer.queued-max-bytes=8MB",
                "kurier.consumer.num-consumer-fetchers=2", "kurier.consumer.fetch-sessions-enabled=false",
                "kurier.listener.concurrency=3",
                "kurier.listener.shutdown-timeout=2s", "kurier.listener.ack-mode=manual",
                "kurier.template.default-topic=orders", "kurier.health.max-lag=100")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    ClientConfig cc = ctx.getBean(KurierClient.class).config();
                    assertThat(cc.clientId()).isEqualTo("orders-app");
                    assertThat(cc.get(ClientConfig.REQUEST_TIMEOUT_MS)).isEqualTo(Duration.ofSeconds(5));
                    assertThat(cc.get(ClientConfig.SEND_BUFFER_BYTES)).isEqualTo(4096);
                    KurierConfigs configs = ctx.getBean(KurierConfigs.class);
                    ProducerConfig pc = configs.producerConfig(List.of());
                    assertThat(pc.get(ProducerConfig.LINGER_MS)).isEqualTo(Duration.ofMillis(20));
                    assertThat(pc.get(ProducerConfig.BATCH_SIZE)).isEqualTo(65536);
                    assertThat(pc.get(ProducerConfig.COMPRESSION_TYPE)).isEqualTo("gzip");
                    assertThat(pc.get(ProducerConfig.RETRIES)).isEqualTo(3);
                    assertThat(pc.get(ProducerConfig.MAX_BLOCK_MS)).isEqualTo(Duration.ofMillis(1234));
                    ConsumerConfig consumer = ctx.getBean(KurierListenerContainerFactory.class)
                            .consumerConfig(ListenerEndpoint.of("l", "orders"));
                    assertThat(consumer.get(ConsumerConfig.AUTO_OFFSET_RESET)).isEqualTo("earliest");
                    assertThat(consumer.get(ConsumerConfig.MAX_POLL_RECORDS)).isEqualTo(42);
                    assertThat(consumer.get(ConsumerConfig.FETCH_MAX_WAIT_MS)).isEqualTo(Duration.ofMillis(100));
                    assertThat(consumer.get(ConsumerConfig.FETCH_MIN_BYTES)).isEqualTo(1024);
                    assertThat(consumer.get(ConsumerConfig.CHECK_CRCS)).isFalse();
                    assertThat(consumer.get(ConsumerConfig.QUEUED_MAX_BYTES)).isEqualTo(8L * 1024 * 1024);
                    assertThat(consumer.get(ConsumerConfig.NUM_CONSUMER_FETCHERS)).isEqualTo(2);
                    assertThat(consumer.get(ConsumerConfig.FETCH_SESSIONS_ENABLED)).isFalse();
                    assertThat(consumer.get(ConsumerConfig.QUEUED_MAX_MESSAGES)).isEqualTo(10_000);
                    KurierProperties props = ctx.getBean(KurierProperties.class);
                    assertThat(props.getConsumer().getGroupId()).isEqualTo("g1");
                    assertThat(props.getListener().getConcurrency()).isEqualTo(3);
                    assertThat(props.getListener().getShutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(props.getListener().getAckMode()).isEqualTo(KurierProperties.AckMode.MANUAL);
                    assertThat(props.getHealth().getMaxLag()).isEqualTo(100L);
                    assertThat(ctx.getBean(KurierTemplate.class).defaultTopic()).isEqualTo("orders");
                });
    }

    @Test
    void springDefaultsAreTheClientDefaults() {
        KurierConfigs configs = new KurierConfigs(new KurierProperties(), "localhost:9092");
        assertThat(configs.producerConfig(List.of()).values()).isEqualTo(ProducerConfig.defaults().values());
        assertThat(configs.consumerConfig(List.of()).values()).isEqualTo(ConsumerConfig.defaults().values());
        ClientConfig ours = configs.clientConfig(List.of());
        ClientConfig theirs = ClientConfig.builder().bootstrapServers("localhost:9092").build();
        for (var key : ClientConfig.KEYS) {
            if (key != ClientConfig.CLIENT_ID) {
                assertThat((Object) ours.get(key)).as(key.name()).isEqualTo(theirs.get(key));
            }
        }
    }

    @Test
    void customizersAdjustTheConfigs() {
        RUNNER.withBean(KurierClientCustomizer.class, () -> b -> b.clientId("customized"))
                .withBean(KurierConsumerCustomizer.class, () -> b -> b.set("max.poll.records", 7))
                .run(ctx -> {
                    assertThat(ctx.getBean(KurierClient.class).config().clientId()).isEqualTo("customized");
                    assertThat(ctx.getBean(KurierListenerContainerFactory.class).consumerConfig(ListenerEndpoint.of("l", "t"))
                            .get(ConsumerConfig.MAX_POLL_RECORDS)).isEqualTo(7);
                });
        RUNNER.withBean(KurierProducerCustomizer.class, () -> b -> b.set("linger.ms", "-5")).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(dev.kurier.client.config.ConfigException.class);
            assertThat(messages(ctx.getStartupFailure()))
                    .contains("Kurier rejected linger.ms set by a KurierProducerCustomizer: must be at least 0 ms");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {
        @Bean
        KurierClient myClient() {
            return KurierClient.create(ClientConfig.builder().bootstrapServers("127.0.0.1:2").clientId("mine").build());
        }

        @Bean
        KurierTemplate<String, String> myTemplate(KurierClient client) {
            return new KurierTemplate<>(client.producer(ProducerConfig.defaults(),
                    dev.kurier.client.serialization.Serdes.stringSerializer(),
                    dev.kurier.client.serialization.Serdes.stringSerializer()), "mine");
        }

        @Bean
        Admin myAdmin(KurierClient client) {
            return client.admin();
        }

        @Bean
        KurierListenerRegistry myRegistry() {
            return new KurierListenerRegistry();
        }

        @Bean
        PayloadConverter myConverter() {
            return new DefaultPayloadConverter(null);
        }

        @Bean
        RecordSourceFactory mySources() {
            return (endpoint, config) -> {
                throw new UnsupportedOperationException();
            };
        }
    }

    @Test
    void everyBeanBacksOffForTheApplicationsOwn() {
        RUNNER.withUserConfiguration(UserBeans.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx).hasSingleBean(KurierClient.class).hasBean("myClient").doesNotHaveBean("kurierClient");
            assertThat(ctx).hasSingleBean(KurierTemplate.class).hasBean("myTemplate");
            assertThat(ctx).hasSingleBean(Admin.class).hasBean("myAdmin");
            assertThat(ctx).hasSingleBean(KurierListenerRegistry.class).hasBean("myRegistry");
            assertThat(ctx).hasSingleBean(PayloadConverter.class).hasBean("myConverter");
            assertThat(ctx).hasSingleBean(RecordSourceFactory.class).hasBean("mySources");
            assertThat(ctx.getBean(KurierHealthIndicator.class)).isNotNull();
        });
        RUNNER.withBean("myFactory", KurierListenerContainerFactory.class, () -> null).run(ctx ->
                assertThat(ctx).doesNotHaveBean("kurierListenerContainerFactory"));
        RUNNER.withBean(KurierConnectionDetails.class, () -> () -> List.of("127.0.0.1:3")).run(ctx -> {
            assertThat(ctx).doesNotHaveBean(PropertiesKurierConnectionDetails.class);
            assertThat(ctx.getBean(KurierClient.class).config().bootstrapEndpoints()).hasToString("[127.0.0.1:3]");
        });
    }

    @Test
    void topicCreationCanBeTurnedOff() {
        RUNNER.withPropertyValues("kurier.admin.auto-create=false").run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean(KurierTopicCreator.class));
    }

    @Test
    void healthContributorIsConditional() {
        RUNNER.withPropertyValues("management.health.kurier.enabled=false").run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean(KurierHealthIndicator.class));
        RUNNER.withClassLoader(new FilteredClassLoader("org.springframework.boot.health")).run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean("kurierHealthIndicator").hasSingleBean(KurierClient.class));
    }

    @Test
    void metricsAreConditionalOnARegistryAndMicrometer() {
        RUNNER.withBean(io.micrometer.core.instrument.simple.SimpleMeterRegistry.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx).hasSingleBean(MicrometerListenerObserver.class).hasSingleBean(MicrometerNetworkListener.class)
                    .hasSingleBean(KurierClientMeters.class);
            var registry = ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            String clientId = ctx.getBean(KurierClient.class).config().clientId();
            assertThat(registry.get("kurier.client.connections").tag("client.id", clientId).gauge().value()).isZero();
            for (String name : List.of("kurier.producer.queued.records", "kurier.producer.queued.bytes")) {
                assertThat(registry.get(name).tag("template", "kurierTemplate").gauge().value()).isZero();
            }
            for (String name : List.of("kurier.producer.records.sent", "kurier.producer.records.acked",
                    "kurier.producer.records.errors", "kurier.producer.retries", "kurier.producer.requests",
                    "kurier.producer.paced.waits", "kurier.producer.paced.time")) {
                assertThat(registry.get(name).tag("template", "kurierTemplate").functionCounter().count()).isZero();
            }
        });
        RUNNER.withClassLoader(new FilteredClassLoader("io.micrometer")).run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean("kurierListenerMeters").hasSingleBean(KurierClient.class));
    }

    @Test
    void propertiesNeverPrintSecrets() {
        KurierProperties p = new KurierProperties();
        p.getProperties().put("sasl.jaas.config", "org.Plain username=\"u\" password=\"s3cr3t\";");
        p.getProperties().put("ssl.key.password", "hunter2");
        p.getProperties().put("send.buffer.bytes", "1024");
        p.getProducer().getProperties().put("ssl.truststore.password", "tspw");
        p.getConsumer().getProperties().put("sasl.oauthbearer.token", "tokv4lue");
        String s = p.toString();
        assertThat(s).doesNotContain("s3cr3t", "hunter2", "tspw", "tokv4lue").contains("send.buffer.bytes=1024")
                .contains("ssl.key.password=[hidden]");
        assertThat(p.getProducer().toString()).doesNotContain("tspw");
        assertThat(p.getConsumer().toString()).doesNotContain("tokv4lue");
    }

    static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
