package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Group consumption through the Consumer API: subscribe, split, commit, resume, mixed groups. */
@EmbeddedKafka
class GroupConsumerTest {

    private static void fill(KurierClient client, String topic, int n) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int i = 0; i < n; i++) {
                p.send(ProducerRecord.of(topic, "k" + i, "v" + i));
            }
            p.flush();
        }
    }

    private static Consumer<String, String> member(KurierClient client, String group, String... kv) {
        ConsumerConfig.Builder b = ConsumerConfig.builder().groupId(group).autoOffsetReset("earliest")
                .set("session.timeout.ms", "10000").set("heartbeat.interval.ms", "500");
        for (int i = 0; i < kv.length; i += 2) {
            b.set(kv[i], kv[i + 1]);
        }
        return client.consumer(b.build(), Serdes.stringDeserializer(), Serdes.stringDeserializer());
    }

    @Test
    void withoutGroupIdSubscribeIsRefusedNamingTheKey(KafkaCluster kafka) {
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> c = client.consumer(ConsumerConfig.defaults(), Serdes.stringDeserializer(),
                     Serdes.stringDeserializer())) {
            assertThatThrownBy(() -> c.subscribe(List.of("t"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("group.id");
        }
    }

    @Test
    void twoMembersSplitThePartitionsAndReadEachRecordOnce(KafkaCluster kafka) throws Exception {
        kafka.createTopic("grouped", 4, 1);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "grouped", 400);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
            List<Set<TopicPartition>> assignments = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int m = 0; m < 2; m++) {
                Thread t = new Thread(() -> {
                    try (Consumer<String, String> c = member(client, "split-group")) {
                        c.subscribe(List.of("grouped"));
                        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                        long quietSince = System.nanoTime();
                        while (System.nanoTime() < deadline) {
                            var records = c.poll(Duration.ofMillis(200));
                            for (ConsumerRecord<String, String> r : records) {
                                if (!seen.add(r.value())) {
                                    duplicates.add(r.value());
                                }
                            }
                            if (!records.isEmpty()) {
                                quietSince = System.nanoTime();
                            }
                            if (seen.size() == 400 && System.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos()) {
                                break;
                            }
                        }
                        assignments.add(c.assignment());
                        c.commitSync();
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertThat(seen).hasSize(400);
            assertThat(duplicates).isEmpty();
            assertThat(assignments).hasSize(2);
            Set<TopicPartition> union = new HashSet<>();
            for (Set<TopicPartition> a : assignments) {
                assertThat(a).hasSize(2);
                union.addAll(a);
            }
            assertThat(union).hasSize(4);
        }
    }

    @Test
    void aRestartedMemberResumesAfterItsCommittedOffsets(KafkaCluster kafka) {
        kafka.createTopic("resume", 1, 1);
        TopicPartition tp = new TopicPartition("resume", 0);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "resume", 10);
            try (Consumer<String, String> c = member(client, "resume-group", "enable.auto.commit", "false")) {
                c.subscribe(List.of("resume"));
                List<ConsumerRecord<String, String>> first = RoundTripTest.readAll(c, 10, Duration.ofSeconds(30));
                assertThat(first).hasSize(10);
                c.commitSync(java.util.Map.of(tp, OffsetAndMetadata.of(6)));
                assertThat(c.committed(Set.of(tp)).get(tp).offset()).isEqualTo(6);
            }
            fill(client, "resume", 2);
            try (Consumer<String, String> c = member(client, "resume-group", "enable.auto.commit", "false")) {
                c.subscribe(List.of("resume"));
                List<ConsumerRecord<String, String>> again = RoundTripTest.readAll(c, 6, Duration.ofSeconds(30));
                assertThat(again).extracting(ConsumerRecord::offset).containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
            }
        }
    }

    @Test
    void withAcksOnlyTheHighestConsecutiveAckedOffsetIsCommitted(KafkaCluster kafka) {
        kafka.createTopic("acked", 1, 1);
        TopicPartition tp = new TopicPartition("acked", 0);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "acked", 10);
            try (Consumer<String, String> c = member(client, "ack-group", "acks.enabled", "true", "revoke.drain.timeout.ms", "500",
                    "enable.auto.commit", "false")) {
                c.subscribe(List.of("acked"));
                List<ConsumerRecord<String, String>> got = RoundTripTest.readAll(c, 10, Duration.ofSeconds(30));
                assertThat(got).hasSize(10);
                for (ConsumerRecord<String, String> r : got) {
                    if (r.offset() != 4) {
                        c.ack(r); // out of order is fine; record 4 stays unprocessed
                    }
                }
                assertThat(c.unacked()).containsExactlyEntriesOf(java.util.Map.of(tp, 1));
                assertThat(c.waitEmpty(Duration.ofMillis(100))).isFalse();
                c.commitSync();
                assertThat(c.committed(Set.of(tp)).get(tp).offset()).isEqualTo(4);
            }
            try (Consumer<String, String> c = member(client, "ack-group", "acks.enabled", "true",
                    "revoke.drain.timeout.ms", "500")) {
                c.subscribe(List.of("acked"));
                fill(client, "acked", 1); // offset 10: once it arrives, everything before it has been handed out
                // redelivered: the unprocessed record only; the commit's metadata named those acked after it
                assertThat(RoundTripTest.readAll(c, 2, Duration.ofSeconds(30))).extracting(ConsumerRecord::offset)
                        .containsExactly(4L, 10L);
            }
        }
    }

    @Test
    void offsetsCanBeCommittedUnderAGroupWithoutJoiningIt(KafkaCluster kafka) {
        kafka.createTopic("simple-commit", 1, 1);
        TopicPartition tp = new TopicPartition("simple-commit", 0);
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> c = member(client, "simple-group")) {
            c.assign(List.of(tp));
            c.commitSync(java.util.Map.of(tp, OffsetAndMetadata.of(3)));
            assertThat(c.committed(Set.of(tp)).get(tp).offset()).isEqualTo(3);
            try (var admin = client.admin()) {
                assertThat(admin.listGroups().join()).extracting(dev.kurier.client.admin.GroupListing::groupId)
                        .contains("simple-group");
                assertThat(admin.listGroupOffsets("simple-group").join()).containsExactlyEntriesOf(java.util.Map.of(tp, 3L));
                assertThat(admin.listGroupOffsets("no-such-group").join()).isEmpty();
            }
        }
    }

    @Test
    void assignedPartitionsUnderAGroupResumeFromCommittedOffsetsAndAutoCommit(KafkaCluster kafka) {
        kafka.createTopic("simple-resume", 1, 1);
        TopicPartition tp = new TopicPartition("simple-resume", 0);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "simple-resume", 10);
            try (Consumer<String, String> c = member(client, "simple-resume-group", "auto.commit.interval.ms", "100")) {
                c.assign(List.of(tp));
                assertThat(RoundTripTest.readAll(c, 10, Duration.ofSeconds(20))).hasSize(10);
                c.poll(Duration.ofMillis(300)); // an auto-commit comes due
            }
            fill(client, "simple-resume", 3);
            try (Consumer<String, String> c = member(client, "simple-resume-group")) {
                c.assign(List.of(tp));
                assertThat(c.position(tp)).isEqualTo(10);
                assertThat(RoundTripTest.readAll(c, 3, Duration.ofSeconds(20))).extracting(ConsumerRecord::offset)
                        .containsExactly(10L, 11L, 12L);
            }
        }
    }

    @Test
    void kurierAndKafkaClientsShareOneGroup(KafkaCluster kafka) throws Exception {
        kafka.createTopic("mixed", 6, 1);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            java.util.concurrent.CountDownLatch balanced = new java.util.concurrent.CountDownLatch(2);
            Set<String> kurierSeen = ConcurrentHashMap.newKeySet();
            Set<String> javaSeen = ConcurrentHashMap.newKeySet();
            Set<Integer> kurierParts = ConcurrentHashMap.newKeySet();
            Set<Integer> javaParts = ConcurrentHashMap.newKeySet();
            Thread kurier = new Thread(() -> {
                try (Consumer<String, String> c = member(client, "mixed-group", "partition.assignment.strategy", "range")) {
                    c.subscribe(List.of("mixed"));
                    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                    boolean counted = false;
                    while (System.nanoTime() < deadline && kurierSeen.size() + javaSeen.size() < 600) {
                        var records = c.poll(Duration.ofMillis(200));
                        if (!counted && c.assignment().size() == 3) {
                            counted = true;
                            balanced.countDown();
                        }
                        for (ConsumerRecord<String, String> r : records) {
                            kurierSeen.add(r.value());
                            kurierParts.add(r.partition());
                        }
                    }
                }
            });
            Thread javaMember = new Thread(() -> {
                Properties p = new Properties();
                p.put("bootstrap.servers", kafka.bootstrapServers());
                p.put("group.id", "mixed-group");
                p.put("auto.offset.reset", "earliest");
                p.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor");
                try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                    c.subscribe(List.of("mixed"));
                    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                    boolean counted = false;
                    while (System.nanoTime() < deadline && kurierSeen.size() + javaSeen.size() < 600) {
                        var records = c.poll(Duration.ofMillis(200));
                        if (!counted && c.assignment().size() == 3) {
                            counted = true;
                            balanced.countDown();
                        }
                        records.forEach(r -> {
                            javaSeen.add(r.value());
                            javaParts.add(r.partition());
                        });
                    }
                }
            });
            kurier.start();
            javaMember.start();
            // Records are written only once both members hold three partitions each.
            assertThat(balanced.await(40, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            fill(client, "mixed", 600);
            kurier.join(60_000);
            javaMember.join(60_000);
            assertThat(kurierSeen.size() + javaSeen.size()).isEqualTo(600);
            Set<String> overlap = new HashSet<>(kurierSeen);
            overlap.retainAll(javaSeen);
            assertThat(overlap).isEmpty();
            assertThat(kurierParts).isNotEmpty();
            assertThat(javaParts).isNotEmpty();
            Set<Integer> bothParts = new HashSet<>(kurierParts);
            bothParts.retainAll(javaParts);
            assertThat(bothParts).isEmpty();
        }
    }
}
