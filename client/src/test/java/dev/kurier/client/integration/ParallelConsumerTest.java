package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.client.consumer.parallel.ParallelConsumer;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** One consumer's records over several worker threads: ordering per partition or key, commits after acks. */
@EmbeddedKafka
class ParallelConsumerTest {

    private static void fill(KurierClient client, String topic, int n, int keys) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int i = 0; i < n; i++) {
                p.send(ProducerRecord.of(topic, "key-" + (i % keys), String.valueOf(i)));
            }
            p.flush();
        }
    }

    private static Consumer<String, String> consumer(KurierClient client, String group) {
        return client.consumer(ConsumerConfig.builder().groupId(group).autoOffsetReset("earliest")
                .set("acks.enabled", "true").set("revoke.drain.timeout.ms", "2000").build(),
                Serdes.stringDeserializer(), Serdes.stringDeserializer());
    }

    @Test
    void partitionOrderingKeepsEachPartitionOnOneWorkerInOrderAndCommitsEverything(KafkaCluster kafka) throws Exception {
        kafka.createTopic("parallel", 6, 1);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "parallel", 1200, 50);
            Map<Integer, List<Long>> offsetsByPartition = new ConcurrentHashMap<>();
            Map<Integer, Set<String>> threadsByPartition = new ConcurrentHashMap<>();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            try (Consumer<String, String> c = consumer(client, "parallel-group")) {
                c.subscribe(List.of("parallel"));
                ParallelConsumer<String, String> parallel = ParallelConsumer.start(c, 3, Ordering.PARTITION, 50, r -> {
                    offsetsByPartition.computeIfAbsent(r.partition(), k -> new CopyOnWriteArrayList<>()).add(r.offset());
                    threadsByPartition.computeIfAbsent(r.partition(), k -> ConcurrentHashMap.newKeySet())
                            .add(Thread.currentThread().getName());
                    threads.add(Thread.currentThread().getName());
                    if (ThreadLocalRandom.current().nextInt(50) == 0) {
                        Thread.sleep(2);
                    }
                });
                Eventually.waitFor(Duration.ofSeconds(40), "1200 records handled",
                        () -> offsetsByPartition.values().stream().mapToInt(List::size).sum() >= 1200);
                assertThat(parallel.waitEmpty(Duration.ofSeconds(10))).isTrue();
                parallel.close();
            }
            assertThat(offsetsByPartition.values().stream().mapToInt(List::size).sum()).isEqualTo(1200);
            assertThat(threads.size()).isGreaterThan(1);
            for (Map.Entry<Integer, List<Long>> e : offsetsByPartition.entrySet()) {
                List<Long> offs = e.getValue();
                for (int i = 1; i < offs.size(); i++) {
                    assertThat(offs.get(i)).as("partition %d in order", e.getKey()).isGreaterThan(offs.get(i - 1));
                }
                assertThat(threadsByPartition.get(e.getKey())).hasSize(1);
            }
            // Closing the consumer committed what the workers acknowledged: all of it.
            try (var admin = client.admin()) {
                Map<TopicPartition, Long> committed = admin.listGroupOffsets("parallel-group").join();
                assertThat(committed.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1200);
            }
        }
    }

    @Test
    void aStuckWorkerHoldsBackOnlyThePartitionsFeedingIt(KafkaCluster kafka) throws Exception {
        kafka.createTopic("stuck-worker", 2, 1); // partitions 0 and 1 go to different workers of two
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "stuck-worker", 800, 50);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Map<Integer, java.util.concurrent.atomic.AtomicInteger> handled = new ConcurrentHashMap<>();
            int stuckPartition = 0;
            TopicPartition p0 = new TopicPartition("stuck-worker", 0);
            TopicPartition p1 = new TopicPartition("stuck-worker", 1);
            Map<TopicPartition, Long> ends;
            try (Consumer<String, String> probe = consumer(client, "stuck-probe")) {
                ends = probe.endOffsets(List.of(p0, p1));
            }
            assertThat(ends.get(p1)).as("records in partition 1").isGreaterThan(100);
            try (Consumer<String, String> c = client.consumer(ConsumerConfig.builder().groupId("stuck-group")
                    .autoOffsetReset("earliest").set("acks.enabled", "true").set("max.poll.records", "10").build(),
                    Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                c.subscribe(List.of("stuck-worker"));
                ParallelConsumer<String, String> parallel = ParallelConsumer.start(c, 2, Ordering.PARTITION, 5, r -> {
                    if (r.partition() == stuckPartition) {
                        release.await();
                    }
                    handled.computeIfAbsent(r.partition(), k -> new java.util.concurrent.atomic.AtomicInteger())
                            .incrementAndGet();
                });
                try {
                    // Partition 1's records, 10 per poll, through a queue of 5, while partition 0's worker is stuck.
                    long end1 = ends.get(p1);
                    Eventually.waitFor(Duration.ofSeconds(40), "the other worker's partition read to its end",
                            () -> handled.containsKey(1) && handled.get(1).get() == end1);
                } finally {
                    release.countDown();
                }
                long end0 = ends.get(p0);
                Eventually.waitFor(Duration.ofSeconds(40), "the stuck partition read once released",
                        () -> handled.containsKey(0) && handled.get(0).get() == end0);
                parallel.close();
            }
        }
    }

    @Test
    void keyOrderingKeepsEachKeyInOrder(KafkaCluster kafka) throws Exception {
        kafka.createTopic("by-key", 1, 1);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "by-key", 600, 20);
            Map<String, List<Integer>> valuesByKey = new ConcurrentHashMap<>();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            try (Consumer<String, String> c = consumer(client, "key-group")) {
                c.subscribe(List.of("by-key"));
                ParallelConsumer<String, String> parallel = ParallelConsumer.start(c, 4, Ordering.KEY, 20, r -> {
                    valuesByKey.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(r.value()));
                    threads.add(Thread.currentThread().getName());
                });
                Eventually.waitFor(Duration.ofSeconds(40), "600 records handled",
                        () -> valuesByKey.values().stream().mapToInt(List::size).sum() >= 600);
                parallel.close();
            }
            assertThat(valuesByKey.values().stream().mapToInt(List::size).sum()).isEqualTo(600);
            // a single partition, yet several workers: parallelism beyond the partition count
            assertThat(threads.size()).isGreaterThan(1);
            for (List<Integer> values : valuesByKey.values()) {
                for (int i = 1; i < values.size(); i++) {
                    assertThat(values.get(i)).isGreaterThan(values.get(i - 1));
                }
            }
        }
    }

    @Test
    void pullModeHandsOutBatchesThatTheApplicationAcks(KafkaCluster kafka) {
        kafka.createTopic("pulled", 2, 1);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "pulled", 100, 10);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            try (Consumer<String, String> c = consumer(client, "pull-group")) {
                c.subscribe(List.of("pulled"));
                ParallelConsumer<String, String> pulling = ParallelConsumer.startPulling(c, 30);
                Eventually.repeat(Duration.ofSeconds(30), "100 records pulled", () -> {
                    List<ConsumerRecord<String, String>> batch = pulling.getMessages(25, true, Duration.ofSeconds(1));
                    assertThat(batch.size()).isLessThanOrEqualTo(25);
                    batch.forEach(pulling::ack);
                    got.addAll(batch);
                    return got.size() >= 100;
                });
                assertThat(pulling.getMessages(10, false, Duration.ZERO)).isEmpty();
                pulling.close();
            }
            assertThat(got).hasSize(100);
            assertThat(ParallelConsumer.workersFor(10, 3)).isEqualTo(4);
        }
    }
}
