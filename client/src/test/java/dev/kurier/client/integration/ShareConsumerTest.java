package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ShareConsumer;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * Share groups (KIP-932) on a real Kafka 4 broker: consumers of one share group split the records of one partition
 * (each delivered once when accepted), a released record comes again with its delivery count up, a rejected one
 * never does.
 */
@EmbeddedKafka
class ShareConsumerTest {

    /** Share groups start at the latest offset by default; these tests read what was written before they joined. */
    private static void fromEarliest(KafkaCluster kafka, String group) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                    List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    private static void fill(KurierClient client, String topic, int n) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(topic, 0, null, null, "r" + i, List.of()));
            }
            p.flush();
        }
    }

    private static ShareConsumer<String, String> member(KurierClient client, String group, String mode) {
        return client.shareConsumer(ConsumerConfig.builder().groupId(group).set("max.poll.records", "10")
                .set("share.acknowledgement.mode", mode).build(), Serdes.stringDeserializer(),
                Serdes.stringDeserializer());
    }

    @Test
    void twoMembersSplitOnePartitionAndEveryAcceptedRecordIsDeliveredOnce(KafkaCluster kafka) throws Exception {
        kafka.createTopic("share-split", 1, 1);
        fromEarliest(kafka, "share-split-group");
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "share-split", 300);
            List<String> a = new CopyOnWriteArrayList<>();
            List<String> b = new CopyOnWriteArrayList<>();
            try (ShareConsumer<String, String> first = member(client, "share-split-group", "implicit");
                 ShareConsumer<String, String> second = member(client, "share-split-group", "implicit")) {
                first.subscribe(List.of("share-split"));
                second.subscribe(List.of("share-split"));
                Eventually.waitFor(Duration.ofSeconds(60), "all 300 records delivered", () -> {
                    first.poll(Duration.ofMillis(100)).forEach(r -> a.add(r.value()));
                    second.poll(Duration.ofMillis(100)).forEach(r -> b.add(r.value()));
                    return a.size() + b.size() >= 300;
                });
                // the broker's lock time, as told to whichever member acquired records
                assertThat(Math.max(first.acquisitionLockTimeoutMs(), second.acquisitionLockTimeoutMs())).isPositive();
            }
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            assertThat(all).hasSize(300).doesNotHaveDuplicates();
        }
    }

    @Test
    void aReleasedRecordComesAgainWithItsDeliveryCountUpAndARejectedOneNever(KafkaCluster kafka) throws Exception {
        kafka.createTopic("share-ack", 1, 1);
        fromEarliest(kafka, "share-ack-group");
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "share-ack", 5);
            Map<String, List<Integer>> deliveries = new HashMap<>();
            try (ShareConsumer<String, String> c = member(client, "share-ack-group", "explicit")) {
                c.subscribe(List.of("share-ack"));
                Eventually.waitFor(Duration.ofSeconds(60), "r0 released once, then accepted; r1 rejected", () -> {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        List<Integer> counts = deliveries.computeIfAbsent(r.value(), k -> new ArrayList<>());
                        counts.add(c.deliveryCount(r));
                        if (r.value().equals("r0") && counts.size() == 1) {
                            c.acknowledge(r, AcknowledgeType.RELEASE);
                        } else if (r.value().equals("r1")) {
                            c.acknowledge(r, AcknowledgeType.REJECT);
                        } else {
                            c.acknowledge(r);
                        }
                    }
                    assertThat(c.commitSync()).isEmpty();
                    return deliveries.getOrDefault("r0", List.of()).size() == 2 && deliveries.size() == 5;
                });
                // nothing more comes: r1 was rejected, the rest accepted
                for (int i = 0; i < 3; i++) {
                    assertThat(c.poll(Duration.ofMillis(300)).count()).isZero();
                }
            }
            assertThat(deliveries.get("r0")).containsExactly(1, 2);
            assertThat(deliveries.get("r1")).containsExactly(1);
            assertThat(deliveries).containsOnlyKeys("r0", "r1", "r2", "r3", "r4");
        }
    }

    private static void lockDuration(KafkaCluster kafka, String group, int ms) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                    List.of(new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", String.valueOf(ms)),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    @Test
    void recordsAcknowledgedOnAnotherThreadAreAcceptedAndCounted(KafkaCluster kafka) throws Exception {
        kafka.createTopic("share-threads", 1, 1);
        fromEarliest(kafka, "share-threads-group");
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "share-threads", 50);
            List<String> seen = new CopyOnWriteArrayList<>();
            try (ShareConsumer<String, String> c = member(client, "share-threads-group", "explicit")) {
                c.subscribe(List.of("share-threads"));
                Eventually.waitFor(Duration.ofSeconds(60), "50 records processed on worker threads", () -> {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                        workers.submit(() -> {
                            seen.add(r.value());
                            c.acknowledge(r); // not the polling thread
                        });
                    }
                    return seen.size() >= 50;
                });
                Eventually.waitFor(Duration.ofSeconds(30), "every acknowledgement sent", () -> {
                    c.poll(Duration.ofMillis(100));
                    return c.commitSync().isEmpty() && c.metrics().accepted() == 50;
                });
                assertThat(c.metrics().acquired()).isEqualTo(50);
                assertThat(c.metrics().redelivered()).isZero();
                assertThat(c.metrics().lockExpiries()).isZero();
                assertThat(c.poll(Duration.ofMillis(500)).count()).as("all accepted: nothing comes again").isZero();
            }
            assertThat(seen).hasSize(50).doesNotHaveDuplicates();
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void aRecordWhoseLockExpiresIsCountedComesAgainAndCanNoLongerBeAcknowledged(KafkaCluster kafka) throws Exception {
        kafka.createTopic("share-expiry", 1, 1);
        fromEarliest(kafka, "share-expiry-group");
        lockDuration(kafka, "share-expiry-group", 15_000); // the least a group may set
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "share-expiry", 1);
            try (ShareConsumer<String, String> c = member(client, "share-expiry-group", "explicit")) {
                c.subscribe(List.of("share-expiry"));
                List<ConsumerRecord<String, String>> first = new ArrayList<>();
                Eventually.waitFor(Duration.ofSeconds(60), "the record delivered", () -> {
                    c.poll(Duration.ofMillis(100)).forEach(first::add);
                    return !first.isEmpty();
                });
                assertThat(c.acquisitionLockTimeoutMs()).isEqualTo(15_000);
                // not acknowledged: after the lock the broker delivers it again
                List<ConsumerRecord<String, String>> again = new ArrayList<>();
                Eventually.waitFor(Duration.ofSeconds(30), "the record delivered a second time", () -> {
                    c.poll(Duration.ofMillis(200)).forEach(again::add);
                    return !again.isEmpty();
                });
                assertThat(c.deliveryCount(again.get(0))).isEqualTo(2);
                assertThat(c.metrics().lockExpiries()).isEqualTo(1);
                assertThat(c.metrics().redelivered()).isEqualTo(1);
                c.acknowledge(again.get(0));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.acknowledge(again.get(0)))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("share-expiry-0@0");
                assertThat(c.commitSync()).isEmpty();
            }
        }
    }
}
