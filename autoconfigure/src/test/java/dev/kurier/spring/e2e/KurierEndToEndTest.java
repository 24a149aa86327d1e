package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.annotation.Key;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.annotation.Partition;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.core.SendResult;
import dev.kurier.spring.health.KurierHealthIndicator;
import dev.kurier.spring.listener.Acknowledgment;
import dev.kurier.spring.listener.ContainerState;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.ListenerContainer;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole starter against a real broker: topic creation, template, listeners, restart, health and meters. */
@EmbeddedKafka
@SpringBootTest(properties = {"kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=200ms",
        "kurier.listener.lag-refresh-interval=200ms", "kurier.admin.fail-fast=true"})
class KurierEndToEndTest {

    static final String TOPIC = "e2e-orders";

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("kurier.bootstrap-servers", () -> KafkaBrokerExtension.sharedCluster().bootstrapServers());
    }

    record Order(String id, int qty) {
    }

    @Component
    static class Listeners {
        final Map<String, Order> orders = new ConcurrentHashMap<>();
        final Map<Integer, List<Long>> offsetsByPartition = new ConcurrentHashMap<>();
        final Set<String> workerThreads = ConcurrentHashMap.newKeySet();
        final List<Long> audited = new CopyOnWriteArrayList<>();

        @KurierListener(id = "orders", topics = TOPIC, concurrency = "3")
        void onOrder(Order order, @Key String key, @Partition int partition, ConsumerRecord<String, Order> record) {
            orders.put(key, order);
            offsetsByPartition.computeIfAbsent(partition, p -> new CopyOnWriteArrayList<>()).add(record.offset());
            workerThreads.add(Thread.currentThread().getName());
        }

        @KurierListener(id = "audit", topics = TOPIC, groupId = "auditors", ackMode = "MANUAL")
        void audit(ConsumerRecord<String, String> record, Acknowledgment ack) {
            audited.add(record.offset() * 10 + record.partition());
            ack.acknowledge();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {
        @Bean
        NewTopic ordersTopic() {
            return NewTopic.of(TOPIC, 3, 1);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    KurierTemplate<String, Order> template;
    @Autowired
    Listeners listeners;
    @Autowired
    KurierListenerRegistry registry;
    @Autowired
    Admin admin;
    @Autowired
    KurierHealthIndicator health;
    @Autowired
    MeterRegistry meters;
    @Autowired
    KurierClient client;

    @Test
    void producesConsumesRestartsAndReports() throws Exception {
        assertThat(admin.describeTopics(List.of(TOPIC)).get().get(TOPIC).partitionCount()).isEqualTo(3);
        waitFor(Duration.ofSeconds(30), "containers running", () -> registry.containers().stream()
                .allMatch(c -> c.state() == ContainerState.RUNNING));

        List<CompletableFuture<SendResult<String, Order>>> sends = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sends.add(template.send(TOPIC, "order-" + i, new Order("o" + i, i)));
        }
        template.flush();
        for (CompletableFuture<SendResult<String, Order>> f : sends) {
            assertThat(f.get().metadata().hasOffset()).isTrue();
        }
        waitFor(Duration.ofSeconds(30), "30 orders", () -> listeners.orders.size() == 30);
        assertThat(listeners.orders.get("order-7")).isEqualTo(new Order("o7", 7));
        listeners.offsetsByPartition.values().forEach(offsets -> assertThat(offsets).isSorted());
        assertThat(listeners.offsetsByPartition.values().stream().mapToInt(List::size).sum()).isEqualTo(30);
        waitFor(Duration.ofSeconds(30), "audit saw 30", () -> listeners.audited.size() == 30);

        // Restart: the audit container continues after what it processed, no duplicates, no gaps.
        ListenerContainer audit = registry.require("audit");
        assertThat(audit.assignment()).containsExactlyInAnyOrder(new TopicPartition(TOPIC, 0),
                new TopicPartition(TOPIC, 1), new TopicPartition(TOPIC, 2));
        registry.stop("audit");
        assertThat(audit.state()).isEqualTo(ContainerState.STOPPED);
        Map<TopicPartition, Long> resume = audit.resumeOffsets();
        assertThat(resume.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30);
        for (int i = 30; i < 35; i++) {
            template.send(TOPIC, "order-" + i, new Order("o" + i, i));
        }
        template.flush();
        registry.start("audit");
        waitFor(Duration.ofSeconds(30), "audit saw 35", () -> listeners.audited.size() == 35);
        // a sentinel per partition: once the three are in, anything delivered again before them would be too
        for (int p = 0; p < 3; p++) {
            template.send(TOPIC, p, "sentinel-" + p, new Order("s" + p, p));
        }
        template.flush();
        waitFor(Duration.ofSeconds(30), "audit saw the sentinels", () -> listeners.audited.size() >= 38);
        assertThat(listeners.audited).hasSize(38).doesNotHaveDuplicates();

        // Health: cluster answers, all containers run, details present.
        waitFor(Duration.ofSeconds(30), "audit running again", () -> audit.state() == ContainerState.RUNNING);
        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("brokers", 1).containsKey("clusterId");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> ls = (Map<String, Map<String, Object>>) h.getDetails().get("listeners");
        assertThat(ls.get("orders")).containsEntry("state", "RUNNING").containsEntry("partitions", 3)
                .containsEntry("mode", "assigned");
        assertThat(ls.get("audit")).containsEntry("groupId", "auditors");
        registry.stop("orders");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP); // stopped on purpose is not a failure

        // Meters
        assertThat(meters.get("kurier.producer.records.acked").tag("template", "kurierTemplate").functionCounter().count())
                .isEqualTo(38); // with the three sentinels
        assertThat(meters.get("kurier.producer.records.errors").functionCounter().count()).isZero();
        assertThat(meters.get("kurier.producer.queued.records").gauge().value()).isZero();
        assertThat(meters.get("kurier.producer.send.latency").tags("template", "kurierTemplate", "quantile", "0.99")
                .gauge().value()).isPositive();
        assertThat(meters.get("kurier.producer.send.latency.max").gauge().value()).isPositive();
        assertThat(meters.get("kurier.producer.requests.in.flight").gauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(meters.get("kurier.client.connections").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("kurier.listener.records").tag("listener", "audit").counter().count()).isEqualTo(38);
        assertThat(meters.get("kurier.listener.process").tags("listener", "orders", "outcome", "success").functionTimer().count())
                .isGreaterThanOrEqualTo(30);
        assertThat(meters.get("kurier.client.requests").tags("api", "PRODUCE", "outcome", "success").timer().count())
                .isPositive();
        assertThat(client.metadata().snapshot().clusterId()).isNotNull();
    }
}
