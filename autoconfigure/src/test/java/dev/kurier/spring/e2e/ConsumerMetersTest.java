package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.spring.Eventually;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.metrics.KurierClientMetrics;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Per-partition offset, lag and queue-depth meters for listeners and for plain consumers, on a real broker, removed
 * when a partition goes (issue 19, "Meters").
 */
@EmbeddedKafka
class ConsumerMetersTest {

    private static final String TOPIC = "metered-orders";
    private static final int PARTITIONS = 3;
    private static final int PER_PARTITION = 10;

    @BeforeAll
    static void produce() {
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
             Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            client.admin().createTopics(List.of(NewTopic.of(TOPIC, PARTITIONS, 1))).all().join();
            List<java.util.concurrent.CompletableFuture<?>> sent = new java.util.ArrayList<>();
            for (int part = 0; part < PARTITIONS; part++) {
                for (int i = 0; i < PER_PARTITION; i++) {
                    sent.add(p.send(new ProducerRecord<>(TOPIC, part, null, "k" + i, "v" + i, List.of())));
                }
            }
            sent.forEach(java.util.concurrent.CompletableFuture::join); // every record is there
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        final AtomicInteger seen = new AtomicInteger();

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @KurierListener(id = "metered", topics = TOPIC, groupId = "metered-group", concurrency = "2")
        void on(String value) {
            seen.incrementAndGet();
        }
    }

    private static double gauge(MeterRegistry meters, String name, Tags tags) {
        Gauge g = meters.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }

    @Test
    void listenerPartitionsAreMeteredAndTheirGaugesGoWithThem() {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                        "kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=100ms",
                        "kurier.listener.lag-refresh-interval=100ms", "kurier.listener.commit-interval=100ms",
                        "spring.main.banner-mode=off").run()) {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            App app = ctx.getBean(App.class);
            waitFor(Duration.ofSeconds(30), "all read", () -> app.seen.get() == PARTITIONS * PER_PARTITION);
            for (int p = 0; p < PARTITIONS; p++) {
                Tags tags = Tags.of("listener", "metered", "group", "metered-group", "topic", TOPIC,
                        "partition", Integer.toString(p));
                waitFor(Duration.ofSeconds(10), "partition " + p + " committed and measured",
                        () -> gauge(meters, "kurier.consumer.committed.offset", tags) == PER_PARTITION
                                && gauge(meters, "kurier.consumer.lag", tags) == 0);
                assertThat(gauge(meters, "kurier.consumer.position", tags)).isEqualTo(PER_PARTITION);
                assertThat(gauge(meters, "kurier.consumer.end.offset", tags)).isEqualTo(PER_PARTITION);
                assertThat(gauge(meters, "kurier.consumer.lag.seconds", tags)).isZero();
                assertThat(gauge(meters, "kurier.consumer.fetch.queue.records", tags)).isZero();
                assertThat(gauge(meters, "kurier.consumer.fetch.queue.bytes", tags)).isZero();
            }
            assertThat(meters.get("kurier.listener.in.flight").tag("listener", "metered").gauge().value()).isZero();
            assertThat(meters.find("kurier.listener.queue.records").tag("listener", "metered").gauges()).hasSize(2);

            ctx.getBean(KurierListenerRegistry.class).stop("metered"); // gives its partitions up
            assertThat(meters.find("kurier.consumer.lag").tag("listener", "metered").gauges()).isEmpty();
        }
    }

    @Test
    void aPlainConsumerIsMeteredThroughTheBinder() {
        MeterRegistry meters = new SimpleMeterRegistry();
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
             Consumer<String, String> c = client.consumer(ConsumerConfig.builder().groupId("plain-metered")
                     .set("auto.offset.reset", "earliest").set("enable.auto.commit", false).build(),
                     Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            new KurierClientMetrics(c, Tags.of("group", "plain-metered")).bindTo(meters);
            c.subscribe(Set.of(TOPIC));
            java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
            Eventually.repeat(Duration.ofSeconds(30), "every record read", () ->
                    read.addAndGet(c.poll(Duration.ofMillis(200)).count()) >= PARTITIONS * PER_PARTITION);
            assertThat(read.get()).isEqualTo(PARTITIONS * PER_PARTITION);
            c.commitSync();
            c.poll(Duration.ofMillis(50)); // the snapshot is taken per poll
            for (int p = 0; p < PARTITIONS; p++) {
                Tags tags = Tags.of("group", "plain-metered", "topic", TOPIC, "partition", Integer.toString(p));
                assertThat(gauge(meters, "kurier.consumer.committed.offset", tags)).isEqualTo(PER_PARTITION);
                assertThat(gauge(meters, "kurier.consumer.position", tags)).isEqualTo(PER_PARTITION);
                assertThat(gauge(meters, "kurier.consumer.end.offset", tags)).isEqualTo(PER_PARTITION);
                assertThat(gauge(meters, "kurier.consumer.lag", tags)).isZero();
                assertThat(gauge(meters, "kurier.consumer.lag.seconds", tags)).isZero();
            }
            assertThat(meters.get("kurier.consumer.queued.records").gauge().value()).isZero();
            c.unsubscribe();
            c.poll(Duration.ofMillis(50));
            assertThat(meters.find("kurier.consumer.lag").gauges()).isEmpty();
        }
    }
}
