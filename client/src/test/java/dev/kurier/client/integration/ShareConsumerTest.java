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

    @Test
    void aRenewedRecordStaysThisConsumersPastItsLockAndNoOtherConsumerGetsIt(KafkaCluster kafka) throws Exception {
        kafka.createTopic("share-renew", 1, 1);
        fromEarliest(kafka, "share-renew-group");
        lockDuration(kafka, "share-renew-group", 15_000); // the least a group may set
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "share-renew", 1);
            try (ShareConsumer<String, String> holder = member(client, "share-renew-group", "explicit");
                 ShareConsumer<String, String> other = member(client, "share-renew-group", "explicit")) {
                holder.subscribe(List.of("share-renew"));
                List<ConsumerRecord<String, String>> held = new ArrayList<>();
                Eventually.repeat(Duration.ofSeconds(60), "the record delivered", () -> {
                    holder.poll(Duration.ofMillis(200)).forEach(held::add);
                    return !held.isEmpty();
                });
                other.subscribe(List.of("share-renew"));
                List<String> otherGot = new CopyOnWriteArrayList<>();
                long start = System.nanoTime();
                long[] lastRenewal = {start};
                // "processing" for 25 s, renewing every 5 s: well past the 15 s lock
                Eventually.repeat(Duration.ofSeconds(60), "the record held for 25 s", () -> {
                    other.poll(Duration.ofMillis(200)).forEach(r -> {
                        otherGot.add(r.value());
                        other.acknowledge(r);
                    });
                    if (System.nanoTime() - lastRenewal[0] > Duration.ofSeconds(5).toNanos()) {
                        holder.acknowledge(held.get(0), AcknowledgeType.RENEW);
                        lastRenewal[0] = System.nanoTime();
                    }
                    return System.nanoTime() - start > Duration.ofSeconds(25).toNanos();
                });
                holder.acknowledge(held.get(0)); // done at last
                assertThat(holder.commitSync()).isEmpty();
                assertThat(holder.metrics().renewed()).isGreaterThanOrEqualTo(4);
                assertThat(holder.metrics().lockExpiries()).isZero();
                // a sentinel written after: once the other consumer has it, it would have had the record before it
                fill(client, "share-renew", 1);
                Eventually.repeat(Duration.ofSeconds(30), "the sentinel delivered to the other consumer", () -> {
                    other.poll(Duration.ofMillis(200)).forEach(r -> {
                        otherGot.add(r.value());
                        other.acknowledge(r);
                    });
                    return !otherGot.isEmpty();
                });
                assertThat(otherGot).as("only the sentinel (also named r0)").containsExactly("r0");
                assertThat(held).hasSize(1);
            }
        }
    }

    @Test
    void recordLimitKeepsEveryPollWithinMaxPollRecords(KafkaCluster kafka) throws Exception {
        kafka.createTopic("share-limit", 1, 1);
        fromEarliest(kafka, "share-limit-group");
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "share-limit", 60); // one flush: a few large batches
            List<Integer> pollSizes = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            try (ShareConsumer<String, String> c = client.shareConsumer(ConsumerConfig.builder()
                    .groupId("share-limit-group").set("max.poll.records", "3").set("share.acquire.mode", "record_limit")
                    .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                c.subscribe(List.of("share-limit"));
                Eventually.repeat(Duration.ofSeconds(60), "all 60 records", () -> {
                    int n = 0;
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        seen.add(r.value());
                        n++;
                    }
                    if (n > 0) {
                        pollSizes.add(n);
                    }
                    return seen.size() >= 60;
                });
                assertThat(c.commitAsync().get(30, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
            }
            assertThat(seen).hasSize(60).doesNotHaveDuplicates();
            assertThat(pollSizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
        }
    }

    @Test
    void aReleaseFromAWorkerThreadGoesOutWithoutAnotherPoll(KafkaCluster kafka) throws Exception {
        kafka.createTopic("share-background", 1, 1);
        fromEarliest(kafka, "share-background-group");
        lockDuration(kafka, "share-background-group", 60_000); // a record left alone would wait a minute
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "share-background", 5);
            try (ShareConsumer<String, String> first = member(client, "share-background-group", "explicit");
                 ShareConsumer<String, String> second = member(client, "share-background-group", "explicit")) {
                first.subscribe(List.of("share-background"));
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                Eventually.repeat(Duration.ofSeconds(60), "five records delivered", () -> {
                    first.poll(Duration.ofMillis(200)).forEach(got::add);
                    return got.size() >= 5;
                });
                // released on another thread; the first consumer does not poll or commit again
                Thread worker = new Thread(() -> got.forEach(r -> first.acknowledge(r, AcknowledgeType.RELEASE)));
                worker.start();
                worker.join(10_000);
                second.subscribe(List.of("share-background"));
                List<Integer> counts = new ArrayList<>();
                Eventually.repeat(Duration.ofSeconds(20), "the released records at the second consumer, well"
                        + " before the 60 s lock", () -> {
                    for (ConsumerRecord<String, String> r : second.poll(Duration.ofMillis(200))) {
                        counts.add(second.deliveryCount(r));
                        second.acknowledge(r);
                    }
                    return counts.size() >= 5;
                });
                assertThat(counts).containsOnly(2);
                assertThat(second.commitSync()).isEmpty();
            }
        }
    }

    @Test
    void renewNeedsExplicitAcknowledgement(KafkaCluster kafka) throws Exception {
        kafka.createTopic("share-renew-implicit", 1, 1);
        fromEarliest(kafka, "share-renew-implicit-group");
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "share-renew-implicit", 1);
            try (ShareConsumer<String, String> c = member(client, "share-renew-implicit-group", "implicit")) {
                c.subscribe(List.of("share-renew-implicit"));
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                Eventually.repeat(Duration.ofSeconds(60), "the record delivered", () -> {
                    c.poll(Duration.ofMillis(200)).forEach(got::add);
                    return !got.isEmpty();
                });
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.acknowledge(got.get(0),
                        AcknowledgeType.RENEW)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("share.acknowledgement.mode=explicit");
            }
        }
    }
}
