package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.listener.Acknowledgment;
import dev.kurier.spring.listener.ContainerState;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.ListenerContainer;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Listeners with a group id are consumer-group members on a real broker: the issue's two listeners, commits on
 * graceful shutdown, MANUAL acks that leave a record unacknowledged, and two applications splitting a group.
 */
@EmbeddedKafka
class GroupListenerTest {

    /** What a run of the listeners saw, shared by the beans of one context. */
    static final class Seen {
        final List<String> billing = new CopyOnWriteArrayList<>();
        final List<String> audit = new CopyOnWriteArrayList<>();
        final List<Long> manual = new CopyOnWriteArrayList<>();
        final List<String> split = new CopyOnWriteArrayList<>();
    }

    /** The issue's examples, as written. */
    static class OrderListeners {
        final Seen seen;

        OrderListeners(Seen seen) {
            this.seen = seen;
        }

        @KurierListener(topics = "orders", groupId = "billing", concurrency = "3")
        void onOrder(String value) {
            seen.billing.add(value);
        }

        @KurierListener(topics = "orders", groupId = "audit")
        void onAudit(ConsumerRecord<String, String> record, Acknowledgment ack) {
            seen.audit.add(record.value());
            ack.acknowledge();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OrdersApp {
        @Bean
        NewTopic orders() {
            return NewTopic.of("orders", 3, 1);
        }

        @Bean
        OrderListeners orderListeners(Seen seen) {
            return new OrderListeners(seen);
        }
    }

    /** Acknowledges everything but the offset in {@code app.skip} (-1: none). */
    static class ManualListener {
        final Seen seen;
        final long skip;

        ManualListener(Seen seen, long skip) {
            this.seen = seen;
            this.skip = skip;
        }

        @KurierListener(id = "manual", topics = "orders-manual", groupId = "manual", ackMode = "MANUAL")
        void on(ConsumerRecord<String, String> record, Acknowledgment ack) {
            seen.manual.add(record.offset());
            if (record.offset() != skip) {
                ack.acknowledge();
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ManualApp {
        @Bean
        NewTopic ordersManual() {
            return NewTopic.of("orders-manual", 1, 1);
        }

        @Bean
        ManualListener manualListener(Seen seen, org.springframework.core.env.Environment env) {
            return new ManualListener(seen, env.getProperty("app.skip", Long.class, -1L));
        }
    }

    static class SplitListener {
        final Seen seen;

        SplitListener(Seen seen) {
            this.seen = seen;
        }

        @KurierListener(id = "split", topics = "${app.split-topic:orders-split}", groupId = "${app.split-group:split}")
        void on(ConsumerRecord<String, String> record) {
            seen.split.add(record.partition() + "@" + record.offset());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SplitApp {
        @Bean
        NewTopic ordersSplit(org.springframework.core.env.Environment env) {
            return NewTopic.of(env.getProperty("app.split-topic", "orders-split"), 4, 1);
        }

        @Bean
        SplitListener splitListener(Seen seen) {
            return new SplitListener(seen);
        }
    }

    private static ConfigurableApplicationContext start(Class<?> app, Seen seen, String... props) {
        List<String> all = new ArrayList<>(List.of(
                "kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                "kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=200ms",
                "kurier.admin.fail-fast=true", "spring.main.banner-mode=off"));
        all.addAll(List.of(props));
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("seen", seen))
                .properties(all.toArray(String[]::new)).run();
    }

    private static void awaitRunning(ConfigurableApplicationContext ctx) {
        KurierListenerRegistry registry = ctx.getBean(KurierListenerRegistry.class);
        waitFor(Duration.ofSeconds(30), "containers reading", () -> registry.containers().stream()
                .allMatch(c -> c.state() == ContainerState.RUNNING && !c.assignment().isEmpty()));
    }

    @SuppressWarnings("unchecked")
    private static KurierTemplate<String, String> template(ConfigurableApplicationContext ctx) {
        return ctx.getBean(KurierTemplate.class);
    }

    private static void send(ConfigurableApplicationContext ctx, String topic, int from, int to) {
        KurierTemplate<String, String> t = template(ctx);
        for (int i = from; i < to; i++) {
            t.send(topic, "k" + i, "order-" + i);
        }
        t.flush();
    }

    private static List<String> orders(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("order-" + i);
        }
        return out;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(ConfigurableApplicationContext ctx, String group,
                                                                    Set<TopicPartition> partitions) {
        KurierClient client = ctx.getBean(KurierClient.class);
        try (Consumer<byte[], byte[]> c = client.consumer(ConsumerConfig.builder().groupId(group)
                .set("enable.auto.commit", false).build(), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
            return c.committed(partitions);
        }
    }

    @Test
    void theIssueListenersAreGroupsAndResumeAfterAGracefulShutdown() throws Exception {
        Seen first = new Seen();
        try (ConfigurableApplicationContext ctx = start(OrdersApp.class, first)) {
            awaitRunning(ctx);
            KurierListenerRegistry registry = ctx.getBean(KurierListenerRegistry.class);
            assertThat(registry.containers()).allSatisfy(c -> assertThat(c.sourceMode()).isEqualTo("group"));
            send(ctx, "orders", 0, 30);
            waitFor(Duration.ofSeconds(30), "both groups saw 30",
                    () -> first.billing.size() >= 30 && first.audit.size() >= 30);
        } // graceful shutdown: the commit interval (5 s) has not passed, the stop commits
        assertThat(first.billing).containsExactlyInAnyOrderElementsOf(orders(0, 30));
        assertThat(first.audit).containsExactlyInAnyOrderElementsOf(orders(0, 30));

        Seen second = new Seen();
        try (ConfigurableApplicationContext ctx = start(OrdersApp.class, second)) {
            Set<TopicPartition> all = Set.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1),
                    new TopicPartition("orders", 2));
            assertThat(committed(ctx, "billing", all).values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .isEqualTo(30);
            assertThat(committed(ctx, "audit", all).values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .isEqualTo(30);
            awaitRunning(ctx);
            send(ctx, "orders", 30, 40);
            waitFor(Duration.ofSeconds(30), "both groups saw 10 more",
                    () -> second.billing.size() >= 10 && second.audit.size() >= 10);
            // ten sentinels after them: once they are in, a record read twice would have come before them
            send(ctx, "orders", 40, 50);
            waitFor(Duration.ofSeconds(30), "both groups saw the sentinels",
                    () -> second.billing.containsAll(orders(40, 50)) && second.audit.containsAll(orders(40, 50)));
            assertThat(second.billing).containsExactlyInAnyOrderElementsOf(orders(30, 50));
            assertThat(second.audit).containsExactlyInAnyOrderElementsOf(orders(30, 50));
        }
    }

    @Test
    void manualAcksCommitOnlyUpToTheFirstUnacknowledgedRecord() {
        Seen first = new Seen();
        TopicPartition tp = new TopicPartition("orders-manual", 0);
        try (ConfigurableApplicationContext ctx = start(ManualApp.class, first, "app.skip=3")) {
            awaitRunning(ctx);
            send(ctx, "orders-manual", 0, 6);
            waitFor(Duration.ofSeconds(30), "6 records", () -> first.manual.size() >= 6);
            ListenerContainer c = ctx.getBean(KurierListenerRegistry.class).require("manual");
            waitFor(Duration.ofSeconds(5), "resume offset 3", () -> Long.valueOf(3).equals(c.resumeOffsets().get(tp)));
        }
        assertThat(first.manual).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);

        Seen second = new Seen();
        try (ConfigurableApplicationContext ctx = start(ManualApp.class, second)) {
            OffsetAndMetadata c = committed(ctx, "manual", Set.of(tp)).get(tp);
            assertThat(c.offset()).isEqualTo(3);
            assertThat(c.metadata()).as("the acknowledgements beyond it (acks.persist)").isEqualTo("kurier-acks:1:1-2");
            send(ctx, "orders-manual", 6, 7); // offset 6: once it arrives, everything before it was handed out
            waitFor(Duration.ofSeconds(30), "redelivery of 3, then 6", () -> second.manual.size() >= 2);
            assertThat(second.manual).as("only the unacknowledged record again").containsExactly(3L, 6L);
        }
    }

    @Test
    void twoApplicationsInOneGroupSplitThePartitions() throws Exception {
        twoApplicationsSplit("orders-split");
    }

    @Test
    void twoApplicationsInOneConsumerProtocolGroupSplitThePartitions() throws Exception {
        // KIP-848: the broker assigns; the first application gives up only the partitions that move
        twoApplicationsSplit("orders-split-kip848", "kurier.consumer.group-protocol=consumer",
                "app.split-group=split-kip848");
    }

    private void twoApplicationsSplit(String topic, String... props) throws Exception {
        Seen a = new Seen();
        Seen b = new Seen();
        List<String> all = new ArrayList<>(List.of(props));
        all.add("app.split-topic=" + topic);
        String[] p = all.toArray(String[]::new);
        try (ConfigurableApplicationContext ctxA = start(SplitApp.class, a, p)) {
            awaitRunning(ctxA);
            ListenerContainer ca = ctxA.getBean(KurierListenerRegistry.class).require("split");
            waitFor(Duration.ofSeconds(30), "A reads all 4", () -> ca.assignment().size() == 4);
            send(ctxA, topic, 0, 20);
            waitFor(Duration.ofSeconds(30), "A saw 20", () -> a.split.size() >= 20);

            try (ConfigurableApplicationContext ctxB = start(SplitApp.class, b, p)) {
                ListenerContainer cb = ctxB.getBean(KurierListenerRegistry.class).require("split");
                waitFor(Duration.ofSeconds(30), "the group split", () -> !cb.assignment().isEmpty()
                        && !ca.assignment().isEmpty() && ca.assignment().size() + cb.assignment().size() == 4);
                Set<TopicPartition> both = new HashSet<>(ca.assignment());
                both.addAll(cb.assignment());
                assertThat(both).hasSize(4);
                // A committed what it processed when its partitions were revoked: B starts after it.
                send(ctxA, topic, 20, 40);
                waitFor(Duration.ofSeconds(30), "40 in all", () -> a.split.size() + b.split.size() >= 40);
                // ten sentinels after them: once they are in, a record read twice would have come before them
                send(ctxA, topic, 40, 50);
                waitFor(Duration.ofSeconds(30), "50 in all", () -> a.split.size() + b.split.size() >= 50);
                List<String> union = new ArrayList<>(a.split);
                union.addAll(b.split);
                assertThat(union).hasSize(50).doesNotHaveDuplicates();
                assertThat(b.split).isNotEmpty();
                Set<Integer> bPartitions = ConcurrentHashMap.newKeySet();
                cb.assignment().forEach(tp -> bPartitions.add(tp.partition()));
                assertThat(b.split).allSatisfy(s -> assertThat(bPartitions).contains(Integer.parseInt(s.split("@")[0])));
            }
        }
    }
}
