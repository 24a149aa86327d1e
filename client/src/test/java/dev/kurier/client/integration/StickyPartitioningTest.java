package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Null-key records and the default (sticky) partitioner: a batch that fills up leaves at once and the next record
 * goes to the next partition, so no half-empty batch of left-over records waits out linger.ms; and the bytes a record
 * was built from are copied by the time {@code send} returns.
 */
@EmbeddedKafka
class StickyPartitioningTest {

    private static final int VALUE_SIZE = 100;
    private static final int BATCH_SIZE = 1024;

    @Test
    void onlyTheNewestBatchWaitsForLinger(KafkaCluster kafka) throws InterruptedException {
        kafka.createTopic("sticky-linger", 3, 1);
        int n = 200;
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<byte[], byte[]> producer = client.producer(ProducerConfig.builder().linger(Duration.ofMinutes(1))
                     .batchSize(BATCH_SIZE).build(), Serdes.bytesSerializer(), Serdes.bytesSerializer())) {
            List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                acks.add(producer.send(ProducerRecord.of("sticky-linger", new byte[VALUE_SIZE])));
            }
            // With linger.ms at a minute, only full batches leave. Every record but those of the one batch still
            // filling must be acknowledged, and those are the last ones sent.
            int recordsPerBatch = BATCH_SIZE / VALUE_SIZE;
            dev.kurier.client.testing.Eventually.waitFor(Duration.ofSeconds(20), "all but the lingering batch acknowledged",
                    () -> acks.stream().filter(f -> !f.isDone()).count() <= recordsPerBatch);
            int pending = (int) acks.stream().filter(f -> !f.isDone()).count();
            assertThat(pending).as("records waiting for linger.ms").isBetween(1, recordsPerBatch);
            for (int i = 0; i < n - pending; i++) {
                assertThat(acks.get(i)).as("record %d of %d (%d pending)", i, n, pending).isCompleted();
            }
            for (int i = n - pending; i < n; i++) {
                assertThat(acks.get(i)).as("record %d of %d", i, n).isNotDone();
            }
            Set<Integer> partitions = new HashSet<>();
            for (int i = 0; i < n - pending; i++) {
                partitions.add(acks.get(i).join().partition().partition());
            }
            assertThat(partitions).as("sticky placement moves on as batches fill").containsExactlyInAnyOrder(0, 1, 2);
            producer.flush();
            assertThat(acks).allSatisfy(f -> assertThat(f).isCompleted());
        }
    }

    @Test
    void theBatchLeftBehindAfterBatchSizeBytesLeavesAtOnce(KafkaCluster kafka) {
        kafka.createTopic("sticky-left", 3, 1);
        Duration linger = Duration.ofSeconds(3);
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<byte[], byte[]> producer = client.producer(ProducerConfig.builder().linger(linger)
                     .batchSize(BATCH_SIZE).build(), Serdes.bytesSerializer(), Serdes.bytesSerializer())) {
            // A slow sender: its first batch leaves on linger.ms, half full.
            List<CompletableFuture<RecordMetadata>> first = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                first.add(producer.send(ProducerRecord.of("sticky-left", new byte[VALUE_SIZE])));
            }
            CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).join();
            // The next five records make batch.size bytes on that partition: the sticky partition moves on, and the
            // batch they are in gets no more records, so it leaves now instead of after linger.ms.
            long start = System.nanoTime();
            List<CompletableFuture<RecordMetadata>> second = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                second.add(producer.send(ProducerRecord.of("sticky-left", new byte[VALUE_SIZE])));
            }
            CompletableFuture.allOf(second.toArray(CompletableFuture[]::new)).join();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            int partition = first.get(0).join().partition().partition();
            assertThat(second).allSatisfy(f -> assertThat(f.join().partition().partition()).isEqualTo(partition));
            assertThat(took).as("acknowledged without waiting out linger.ms").isLessThan(linger.dividedBy(2));
        }
    }

    @Test
    void arraysMayBeReusedOnceSendReturns(KafkaCluster kafka) {
        kafka.createTopic("sticky-reuse", 1, 1);
        int n = 500;
        byte[] key = new byte[8];
        byte[] value = new byte[VALUE_SIZE];
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<byte[], byte[]> producer = client.producer(ProducerConfig.builder().linger(Duration.ofMillis(50))
                     .build(), Serdes.bytesSerializer(), Serdes.bytesSerializer());
             Consumer<byte[], byte[]> consumer = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                     .build(), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
            for (int i = 0; i < n; i++) {
                fill(key, "k" + i);
                fill(value, "v" + i);
                producer.send(new ProducerRecord<>("sticky-reuse", null, null, key, value, List.of()));
            }
            fill(key, "overwritten");
            fill(value, "overwritten");
            producer.flush();
            consumer.assign(List.of(new TopicPartition("sticky-reuse", 0)));
            List<ConsumerRecord<byte[], byte[]>> got = RoundTripTest.readAll(consumer, n, Duration.ofSeconds(30));
            assertThat(got).hasSize(n);
            for (int i = 0; i < n; i++) {
                byte[] k = new byte[8];
                byte[] v = new byte[VALUE_SIZE];
                fill(k, "k" + i);
                fill(v, "v" + i);
                assertThat(got.get(i).key()).as("key of record %d", i).isEqualTo(k);
                assertThat(got.get(i).value()).as("value of record %d", i).isEqualTo(v);
            }
        }
    }

    private static void fill(byte[] target, String text) {
        Arrays.fill(target, (byte) '.');
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, target, 0, Math.min(b.length, target.length));
    }
}
