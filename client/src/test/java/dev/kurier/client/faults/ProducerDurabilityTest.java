package dev.kurier.client.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.KafkaNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged records survive broker trouble: a clean restart and a crash (kill -9) of the only broker in the
 * middle of producing a million records with acks=all, and a crash of the partition leader in a 3-node cluster
 * with RF=3 and min.insync.replicas=2. Afterwards every acknowledged record is in the log exactly once, at the
 * offset its acknowledgement reported, and each partition holds records in the order they were sent.
 */
class ProducerDurabilityTest {

    private static final int PARTITIONS = 3;

    /** A 100-byte value whose first 8 bytes are the record's sequence number. */
    private static byte[] value(long seq) {
        return ByteBuffer.allocate(100).putLong(seq).array();
    }

    private record Ack(long seq, int partition, long offset) {
    }

    private static KurierClient client(KafkaCluster kafka) {
        return KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .requestTimeout(Duration.ofSeconds(10)).set("reconnect.backoff.max.ms", "500").build());
    }

    /** Sends {@code total} records round-robin over the partitions, running {@code fault} once after {@code faultAt}. */
    private static List<Ack> produce(KafkaCluster kafka, String topic, int total, int faultAt, Runnable fault) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(total);
        try (KurierClient client = client(kafka);
             Producer<byte[], byte[]> producer = client.producer(ProducerConfig.builder().acks("all")
                     .batchSize(64 * 1024).linger(Duration.ofMillis(5)).set("delivery.timeout.ms", "180000")
                     .set("buffer.memory", String.valueOf(64L << 20)).build(),
                     Serdes.bytesSerializer(), Serdes.bytesSerializer())) {
            for (int i = 0; i < total; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, null, value(i), List.of())));
                if (i == faultAt) {
                    fault.run();
                }
            }
            producer.flush();
        }
        List<Ack> acks = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < total; i++) {
            CompletableFuture<RecordMetadata> f = futures.get(i);
            if (f.isCompletedExceptionally()) {
                failed++;
                continue;
            }
            RecordMetadata md = f.join();
            acks.add(new Ack(i, md.partition().partition(), md.offset()));
        }
        // Nothing should fail: the outage is far shorter than delivery.timeout.ms.
        assertThat(failed).as("records that failed").isZero();
        return acks;
    }

    /** Reads every partition to its end and checks each acknowledged record is there once, in order. */
    private static void verify(KafkaCluster kafka, String topic, List<Ack> acks) {
        Map<Integer, List<Long>> seqsByPartition = new HashMap<>();
        Map<Integer, Map<Long, Long>> seqAtOffset = new HashMap<>();
        try (KurierClient client = client(kafka);
             Consumer<byte[], byte[]> consumer = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                     .set("max.poll.records", "5000").build(), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                parts.add(new TopicPartition(topic, p));
            }
            consumer.assign(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long expected = end.values().stream().mapToLong(Long::longValue).sum();
            long[] counted = {0};
            dev.kurier.client.testing.Eventually.repeat(Duration.ofMinutes(2), expected + " records read", () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    long seq = ByteBuffer.wrap(r.value()).getLong();
                    seqsByPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(seq);
                    seqAtOffset.computeIfAbsent(r.partition(), k -> new HashMap<>()).put(r.offset(), seq);
                    counted[0]++;
                }
                return counted[0] >= expected;
            });
            long read = counted[0];
            assertThat(read).as("records read").isEqualTo(expected);
        }
        for (Map.Entry<Integer, List<Long>> e : seqsByPartition.entrySet()) {
            List<Long> seqs = e.getValue();
            for (int i = 1; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("partition %d: in order, no duplicates at index %d", e.getKey(), i)
                        .isGreaterThan(seqs.get(i - 1));
            }
        }
        for (Ack a : acks) {
            assertThat(seqAtOffset.get(a.partition()).get(a.offset()))
                    .as("record %d acknowledged at %d@%d", a.seq(), a.partition(), a.offset()).isEqualTo(a.seq());
        }
        long total = seqsByPartition.values().stream().mapToLong(List::size).sum();
        assertThat(total).as("records in the log").isEqualTo(acks.size());
    }

    @Test
    void cleanRestartOfTheBrokerMidStreamLosesAndDuplicatesNothing() {
        try (KafkaCluster kafka = KafkaCluster.builder().nodes(1).start()) {
            kafka.createTopic("restart-clean", PARTITIONS, 1);
            KafkaNode node = kafka.nodes().get(0);
            List<Ack> acks = produce(kafka, "restart-clean", 1_000_000, 300_000, () -> {
                node.stop();
                node.start();
            });
            verify(kafka, "restart-clean", acks);
        }
    }

    @Test
    void crashOfTheBrokerMidStreamLosesAndDuplicatesNothing() {
        try (KafkaCluster kafka = KafkaCluster.builder().nodes(1).start()) {
            kafka.createTopic("restart-crash", PARTITIONS, 1);
            KafkaNode node = kafka.nodes().get(0);
            List<Ack> acks = produce(kafka, "restart-crash", 1_000_000, 300_000, () -> {
                node.crash();
                node.start();
            });
            verify(kafka, "restart-crash", acks);
        }
    }

    @Test
    void leaderCrashInAThreeNodeClusterLosesNothingAcknowledged() {
        try (KafkaCluster kafka = KafkaCluster.builder().nodes(3).brokerProperty("min.insync.replicas", "2").start()) {
            kafka.createTopic("replicated", PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
            int leaderId;
            try (KurierClient client = client(kafka)) {
                leaderId = client.metadata().awaitTopic("replicated", Duration.ofSeconds(30)).join()
                        .partitions().get(0).leader();
            }
            KafkaNode leader = kafka.node(leaderId);
            List<Ack> acks = produce(kafka, "replicated", 300_000, 100_000, leader::crash);
            verify(kafka, "replicated", acks);
        }
    }
}
