package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.AlterConfigOp;
import dev.kurier.client.admin.ConfigResource;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.health.KurierHealthIndicator;
import dev.kurier.spring.listener.Acknowledgment;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.ShareListenerContainer;
import dev.kurier.spring.listener.ShareListenerContainer.Count;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@code @KurierListener(shareGroup = ...)} on a real broker (KIP-932): sixteen workers process one partition in
 * parallel and accept each record once; a failing record is released for another delivery until
 * {@code kurier.listener.share.max-deliveries}, then dead-lettered and rejected; MANUAL mode acknowledges, releases
 * and rejects from other threads; counters, meters and health report it.
 */
@EmbeddedKafka
class ShareListenerTest {

    /** What the listeners saw, shared by the beans of one context. */
    static final class Seen {
        final List<String> values = new CopyOnWriteArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        final Map<String, Integer> threads = new ConcurrentHashMap<>();
        final java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(16);
    }

    static class Workers {
        final Seen seen;

        Workers(Seen seen) {
            this.seen = seen;
        }

        @KurierListener(id = "share-workers", topics = "share-orders", shareGroup = "orders-workers", concurrency = "16",
                autoStartup = "false")
        void on(String value) throws InterruptedException {
            int now = seen.running.incrementAndGet();
            seen.mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                // the first calls wait (bounded) until two run at once: with one worker at a time they never would
                seen.together.countDown();
                seen.together.await(10, java.util.concurrent.TimeUnit.SECONDS);
                seen.values.add(value);
                seen.threads.merge(Thread.currentThread().getName(), 1, Integer::sum);
            } finally {
                seen.running.decrementAndGet();
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WorkersApp {
        @Bean
        Workers workers(Seen seen) {
            return new Workers(seen);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    static class Failing {
        final Seen seen;

        Failing(Seen seen) {
            this.seen = seen;
        }

        @KurierListener(id = "share-failing", topics = "share-failing", shareGroup = "failing-workers", concurrency = "2")
        void on(String value) {
            int delivery = seen.deliveries.computeIfAbsent(value, k -> new AtomicInteger()).incrementAndGet();
            if (value.equals("poison") || (value.equals("flaky") && delivery == 1)) {
                throw new IllegalStateException("cannot process " + value + " (delivery " + delivery + ")");
            }
            seen.values.add(value);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class FailingApp {
        @Bean
        Failing failing(Seen seen) {
            return new Failing(seen);
        }
    }

    static class Manual {
        final Seen seen;

        Manual(Seen seen) {
            this.seen = seen;
        }

        @KurierListener(id = "share-manual", topics = "share-manual", shareGroup = "manual-workers", ackMode = "MANUAL")
        void on(String value, Acknowledgment ack) {
            int delivery = seen.deliveries.computeIfAbsent(value, k -> new AtomicInteger()).incrementAndGet();
            if (value.equals("m3")) {
                ack.reject();
            } else if (value.equals("m5") && delivery == 1) {
                ack.release();
            } else {
                CompletableFuture.runAsync(() -> {
                    seen.values.add(value);
                    ack.acknowledge(); // on another thread, after the call returned
                });
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ManualApp {
        @Bean
        Manual manual(Seen seen) {
            return new Manual(seen);
        }
    }

    static class Batches {
        final Seen seen;

        Batches(Seen seen) {
            this.seen = seen;
        }

        /** Fails at "bad" the first time it sees it: the records before it count, the rest come again. */
        @KurierListener(id = "share-batch", topics = "share-batch", shareGroup = "batch-workers", batch = true)
        void on(List<String> values) {
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                int delivery = seen.deliveries.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet();
                if (v.equals("bad") && delivery == 1) {
                    throw new dev.kurier.spring.listener.BatchFailure(i, new IllegalStateException("bad record"));
                }
                seen.values.add(v);
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BatchApp {
        @Bean
        Batches batches(Seen seen) {
            return new Batches(seen);
        }
    }

    static class Misused {
        @KurierListener(topics = "share-misused", shareGroup = "misused", groupId = "g")
        void on(String value) {
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class MisusedApp {
        @Bean
        Misused misused() {
            return new Misused();
        }
    }

    private static ConfigurableApplicationContext start(Class<?> app, Seen seen, String... props) {
        List<String> all = new ArrayList<>(List.of(
                "kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                "kurier.listener.poll-timeout=200ms", "spring.main.banner-mode=off"));
        all.addAll(List.of(props));
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("seen", seen))
                .properties(all.toArray(String[]::new)).run();
    }

    /** Creates the topic and makes the share group read it from the start (share groups start at the end). */
    private static void prepare(String topic, int partitions, String group) throws Exception {
        try (KurierClient client = KurierClient.create(dev.kurier.client.ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
             Admin admin = client.admin()) {
            KafkaBrokerExtension.sharedCluster().createTopic(topic, partitions, 1);
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                    List.of(AlterConfigOp.set("share.auto.offset.reset", "earliest")))).all().get();
        }
    }

    /** Sends one record at a time, so that each is a batch of its own (the broker hands out whole batches). */
    @SuppressWarnings("unchecked")
    private static void send(ConfigurableApplicationContext ctx, String topic, List<String> values) throws Exception {
        KurierTemplate<String, String> t = ctx.getBean(KurierTemplate.class);
        for (String v : values) {
            t.send(topic, null, v).get();
        }
    }

    private static List<String> values(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void sixteenWorkersProcessOnePartitionInParallelAndAcceptEachRecordOnce() throws Exception {
        prepare("share-orders", 1, "orders-workers");
        Seen seen = new Seen();
        try (ConfigurableApplicationContext ctx = start(WorkersApp.class, seen)) {
            send(ctx, "share-orders", values("o", 400)); // all there before the workers start
            ShareListenerContainer c = ctx.getBean(KurierListenerRegistry.class).shareContainer("share-workers")
                    .orElseThrow();
            ctx.getBean(KurierListenerRegistry.class).start("share-workers");
            waitFor(Duration.ofSeconds(60), "400 records processed", () -> seen.values.size() >= 400);
            waitFor(Duration.ofSeconds(30), "400 accepted", () -> c.count(Count.ACCEPTED) == 400);
            assertThat(seen.values).hasSize(400).doesNotHaveDuplicates();
            org.slf4j.LoggerFactory.getLogger(ShareListenerTest.class).info("at most {} calls at once; {} workers took"
                    + " records: {}", seen.mostAtOnce.get(), seen.threads.size(), seen.threads);
            assertThat(seen.mostAtOnce.get()).as("calls at once on one partition; records by worker: %s", seen.threads)
                    .isGreaterThan(1);
            assertThat(c.count(Count.ACQUIRED)).isEqualTo(400);
            assertThat(c.count(Count.RELEASED) + c.count(Count.REJECTED) + c.count(Count.LOCK_EXPIRED)).isZero();

            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertThat(meters.get("kurier.listener.share.accepted").tag("listener", "share-workers")
                    .tag("group", "orders-workers").functionCounter().count()).isEqualTo(400);
            assertThat(meters.get("kurier.listener.share.lock.expired").functionCounter().count()).isZero();

            Map<String, Object> health = ctx.getBean(KurierHealthIndicator.class).health().getDetails();
            @SuppressWarnings("unchecked")
            Map<String, Object> listener = (Map<String, Object>) ((Map<String, Object>) health.get("listeners"))
                    .get("share-workers");
            assertThat(listener).containsEntry("state", "RUNNING").containsEntry("shareGroup", "orders-workers")
                    .containsEntry("groupState", "Stable").containsEntry("members", 16).containsEntry("accepted", 400L);
            assertThat(ctx.getBean(KurierHealthIndicator.class).health().getStatus().getCode()).isEqualTo("UP");
        }
    }

    @Test
    void aFailingRecordIsReleasedUntilMaxDeliveriesThenDeadLetteredAndRejected() throws Exception {
        prepare("share-failing", 1, "failing-workers");
        Seen seen = new Seen();
        try (ConfigurableApplicationContext ctx = start(FailingApp.class, seen, "kurier.listener.share.max-deliveries=3",
                "kurier.listener.error-handler.recoverer=DEAD_LETTER")) {
            send(ctx, "share-failing", List.of("a", "flaky", "poison", "b"));
            ShareListenerContainer c = ctx.getBean(KurierListenerRegistry.class).shareContainer("share-failing")
                    .orElseThrow();
            waitFor(Duration.ofSeconds(60), "poison rejected, the rest accepted",
                    () -> c.count(Count.REJECTED) == 1 && c.count(Count.ACCEPTED) == 3);
            assertThat(seen.values).containsExactlyInAnyOrder("a", "flaky", "b");
            assertThat(seen.deliveries.get("poison").get()).isEqualTo(3);
            assertThat(seen.deliveries.get("flaky").get()).isEqualTo(2);
            assertThat(c.count(Count.RELEASED)).isEqualTo(3); // poison twice, flaky once
            assertThat(c.count(Count.REDELIVERED)).isEqualTo(3);

            KurierClient client = ctx.getBean(KurierClient.class);
            List<String> dead = new CopyOnWriteArrayList<>();
            try (Consumer<String, String> dlt = client.consumer(ConsumerConfig.builder().build(),
                    Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                dlt.assign(List.of(new dev.kurier.client.common.TopicPartition("share-failing.DLT", 0)));
                dlt.seekToBeginning(dlt.assignment());
                waitFor(Duration.ofSeconds(30), "the poison record dead-lettered", () -> {
                    for (ConsumerRecord<String, String> r : dlt.poll(Duration.ofMillis(200))) {
                        dead.add(r.value());
                    }
                    return !dead.isEmpty();
                });
            }
            assertThat(dead).containsExactly("poison");
        }
    }

    @Test
    void manualAcknowledgementsAcceptReleaseAndRejectFromAnyThread() throws Exception {
        prepare("share-manual", 1, "manual-workers");
        Seen seen = new Seen();
        try (ConfigurableApplicationContext ctx = start(ManualApp.class, seen)) {
            send(ctx, "share-manual", values("m", 10));
            ShareListenerContainer c = ctx.getBean(KurierListenerRegistry.class).shareContainer("share-manual")
                    .orElseThrow();
            waitFor(Duration.ofSeconds(60), "nine accepted, one rejected",
                    () -> c.count(Count.ACCEPTED) == 9 && c.count(Count.REJECTED) == 1);
            assertThat(seen.values).hasSize(9).doesNotContain("m3").doesNotHaveDuplicates();
            assertThat(seen.deliveries.get("m5").get()).isEqualTo(2);
            assertThat(seen.deliveries.get("m3").get()).isEqualTo(1);
            assertThat(c.count(Count.RELEASED)).isEqualTo(1);
        }
    }

    @Test
    void aBatchFailureAcceptsTheRecordsBeforeItAndReleasesTheFailingOneAndThoseAfter() throws Exception {
        prepare("share-batch", 1, "batch-workers");
        Seen seen = new Seen();
        try (ConfigurableApplicationContext ctx = start(BatchApp.class, seen, "kurier.listener.auto-startup=false")) {
            send(ctx, "share-batch", List.of("a", "b", "bad", "c", "d"));
            ShareListenerContainer c = ctx.getBean(KurierListenerRegistry.class).shareContainer("share-batch")
                    .orElseThrow();
            c.start(); // all five there: one take, one batch
            waitFor(Duration.ofSeconds(60), "every record accepted", () -> c.count(Count.ACCEPTED) == 5);
            assertThat(seen.values).containsExactlyInAnyOrder("a", "b", "bad", "c", "d");
            assertThat(seen.deliveries.get("a").get()).as("accepted with the first call").isEqualTo(1);
            assertThat(seen.deliveries.get("b").get()).isEqualTo(1);
            assertThat(seen.deliveries.get("bad").get()).as("released, then delivered again").isEqualTo(2);
            assertThat(seen.deliveries.get("c").get()).as("released unseen with it, seen once").isEqualTo(1);
            assertThat(c.count(Count.RELEASED)).as("bad, c and d").isEqualTo(3);
            assertThat(c.count(Count.REDELIVERED)).isEqualTo(3);
            assertThat(c.count(Count.REJECTED)).isZero();
        }
    }

    @Test
    void aShareGroupWithAConsumerGroupIdFailsStartupNamingBoth() {
        assertThatThrownBy(() -> start(MisusedApp.class, new Seen()).close())
                .hasStackTraceContaining("shareGroup does not go with groupId");
    }
}
