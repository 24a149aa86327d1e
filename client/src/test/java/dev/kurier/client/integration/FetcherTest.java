package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.internals.ConsumerMetrics;
import dev.kurier.client.consumer.internals.KurierConsumer;
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
import org.junit.jupiter.api.Test;

/**
 * The fetcher threads against a real broker: bounded per-partition queues under a slow poller, incremental fetch
 * sessions over many partitions, seeks while data is queued or in flight, and closing with data queued.
 */
@EmbeddedKafka
class FetcherTest {

    /** Writes {@code perPartition} records "p:i" to each partition, flushing every {@code batch} so batches stay small. */
    private static void fill(KurierClient client, String topic, int partitions, int perPartition, int batch) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int part = 0; part < partitions; part++) {
                for (int i = 0; i < perPartition; i++) {
                    p.send(new ProducerRecord<>(topic, part, null, null, part + ":" + i, List.of()));
                    if ((i + 1) % batch == 0) {
                        p.flush();
                    }
                }
            }
            p.flush();
        }
    }

    private static Consumer<String, String> consumer(KurierClient client, String... kv) {
        ConsumerConfig.Builder b = ConsumerConfig.builder().autoOffsetReset("earliest");
        for (int i = 0; i < kv.length; i += 2) {
            b.set(kv[i], kv[i + 1]);
        }
        return client.consumer(b.build(), Serdes.stringDeserializer(), Serdes.stringDeserializer());
    }

    private static ConsumerMetrics metrics(Consumer<String, String> c) {
        return ((KurierConsumer<String, String>) c).metrics();
    }

    /** Checks every partition's records arrive exactly once, in offset order, with values "p:offset". */
    private static void assertCompleteInOrder(List<ConsumerRecord<String, String>> got, int partitions, int perPartition) {
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<String, String> r : got) {
            long expected = next.getOrDefault(r.partition(), 0L);
            assertThat(r.offset()).as("offset in partition %d", r.partition()).isEqualTo(expected);
            assertThat(r.value()).isEqualTo(r.partition() + ":" + r.offset());
            next.put(r.partition(), expected + 1);
        }
        assertThat(got).hasSize(partitions * perPartition);
        for (int p = 0; p < partitions; p++) {
            assertThat(next.get(p)).as("records of partition %d", p).isEqualTo((long) perPartition);
        }
    }

    @Test
    void slowPollerNeverHasMoreThanTheBoundQueuedAndReadsEverythingOnce(KafkaCluster kafka) throws Exception {
        kafka.createTopic("fetcher-backpressure", 2, 1);
        int bound = 25;
        int batch = 10; // the producer flushes every 10 records: no batch holds more
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> c = consumer(client, "queued.max.messages", String.valueOf(bound),
                     "max.poll.records", "3")) {
            fill(client, "fetcher-backpressure", 2, 300, batch);
            c.assign(List.of(new TopicPartition("fetcher-backpressure", 0), new TopicPartition("fetcher-backpressure", 1)));
            ConsumerMetrics m = metrics(c);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            Eventually.repeat(Duration.ofSeconds(60), "all 600 records", () -> {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
                for (int depth : m.queueDepths().values()) {
                    assertThat(depth).isLessThan(bound + batch);
                }
                Thread.sleep(2); // slower than the fetcher: the queues fill up and fetching must wait
                return got.size() >= 600;
            });
            assertCompleteInOrder(got, 2, 300);
            // documented bound: fewer than queued.max.messages plus one batch, per partition
            assertThat(m.peakQueueDepths().values()).allSatisfy(peak -> assertThat(peak).isLessThan(bound + batch));
            assertThat(m.peakQueueDepths().values()).anySatisfy(peak -> assertThat(peak).isGreaterThanOrEqualTo(bound));
            // the last fetch of each partition counts until the poller finds it exhausted, on the next poll
            assertThat(c.poll(Duration.ofMillis(200)).isEmpty()).isTrue();
            assertThat(m.queuedRecords()).isZero();
            assertThat(m.queuedBytes()).isZero();
        }
    }

    @Test
    void anOpenedCompressedBatchCountsItsDecompressedBytesTowardQueuedMaxBytes(KafkaCluster kafka) {
        kafka.createTopic("fetcher-decompressed", 1, 1);
        String value = "x".repeat(1000);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            try (Producer<String, String> p = client.producer(ProducerConfig.builder().set("compression.type", "gzip")
                    .set("linger.ms", "1000").set("batch.size", String.valueOf(4 << 20)).build(),
                    Serdes.stringSerializer(), Serdes.stringSerializer())) {
                for (int i = 0; i < 500; i++) { // one batch: about 500 KB of records, a few KB on the wire
                    p.send(new ProducerRecord<>("fetcher-decompressed", 0, null, null, value, List.of()));
                }
                p.flush();
            }
            try (Consumer<String, String> c = consumer(client, "max.poll.records", "1", "queued.max.bytes", "65536")) {
                c.assign(List.of(new TopicPartition("fetcher-decompressed", 0)));
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                Eventually.waitFor(Duration.ofSeconds(30), "the first record", () -> {
                    c.poll(Duration.ofMillis(100)).forEach(got::add);
                    return !got.isEmpty();
                });
                // the batch is open and its 500 KB are held until its last record is handed out
                assertThat(metrics(c).queuedBytes()).as("bytes held, decompressed batch included")
                        .isGreaterThanOrEqualTo(500_000);
                Eventually.waitFor(Duration.ofSeconds(30), "all 500 records", () -> {
                    for (int i = 0; i < 100 && got.size() < 500; i++) { // one record per poll
                        c.poll(Duration.ofMillis(100)).forEach(got::add);
                    }
                    return got.size() >= 500;
                });
                assertThat(got).hasSize(500);
                // the poll after the last record lets go of the batch
                Eventually.waitFor(Duration.ofSeconds(10), "nothing held once the batch is handed out", () -> {
                    assertThat(c.poll(Duration.ofMillis(100)).count()).isZero();
                    return metrics(c).queuedBytes() == 0;
                });
            }
        }
    }

    @Test
    void incrementalSessionsSendOnlyPartitionsThatMoved(KafkaCluster kafka) {
        int partitions = 60;
        kafka.createTopic("fetcher-sessions", partitions, 1);
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> c = consumer(client, "fetch.max.wait.ms", "100")) {
            fill(client, "fetcher-sessions", partitions, 20, 20);
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition("fetcher-sessions", p));
            }
            c.assign(all);
            assertCompleteInOrder(RoundTripTest.readAll(c, partitions * 20, Duration.ofSeconds(60)), partitions, 20);
            ConsumerMetrics m = metrics(c);
            // idle for a while: the session holds all 60; incremental fetches name none of them
            assertThat(c.poll(Duration.ofMillis(500)).isEmpty()).isTrue();
            long incremental = m.incrementalFetches();
            assertThat(incremental).isPositive();
            assertThat(m.lastFetchPartitions()).isZero();
            long full = m.fullFetches();

            try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                    Serdes.stringSerializer())) {
                p.send(new ProducerRecord<>("fetcher-sessions", 17, null, null, "17:20", List.of()));
                p.flush();
            }
            List<ConsumerRecord<String, String>> more = RoundTripTest.readAll(c, 1, Duration.ofSeconds(10));
            assertThat(more).singleElement().satisfies(r -> {
                assertThat(r.partition()).isEqualTo(17);
                assertThat(r.offset()).isEqualTo(20);
            });
            c.poll(Duration.ofMillis(300));
            // the partition that moved was sent again (at its new offset), the other 59 were not
            assertThat(m.incrementalFetches()).isGreaterThan(incremental);
            assertThat(m.lastFetchPartitions()).isLessThanOrEqualTo(1);
            assertThat(m.fullFetches()).isEqualTo(full);
            assertThat(m.fetchSessionErrors()).isZero();
        }
    }

    @Test
    void withoutSessionsEveryFetchIsFull(KafkaCluster kafka) {
        kafka.createTopic("fetcher-nosessions", 4, 1);
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> c = consumer(client, "fetch.sessions.enabled", "false", "fetch.max.wait.ms", "50")) {
            fill(client, "fetcher-nosessions", 4, 30, 30);
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                all.add(new TopicPartition("fetcher-nosessions", p));
            }
            c.assign(all);
            assertCompleteInOrder(RoundTripTest.readAll(c, 120, Duration.ofSeconds(30)), 4, 30);
            c.poll(Duration.ofMillis(200));
            ConsumerMetrics m = metrics(c);
            assertThat(m.incrementalFetches()).isZero();
            assertThat(m.fullFetches()).isGreaterThan(1);
            assertThat(m.lastFetchPartitions()).isEqualTo(4);
        }
    }

    @Test
    void seekWhileDataIsQueuedOrInFlightNeverReturnsPreSeekRecords(KafkaCluster kafka) {
        kafka.createTopic("fetcher-seeking", 1, 1);
        TopicPartition tp = new TopicPartition("fetcher-seeking", 0);
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> c = consumer(client, "max.poll.records", "7", "queued.max.messages", "60")) {
            fill(client, "fetcher-seeking", 1, 400, 20);
            c.assign(List.of(tp));
            assertThat(RoundTripTest.readAll(c, 1, Duration.ofSeconds(10))).isNotEmpty();
            long[] targets = {350, 10, 200, 0, 399, 123, 5, 260};
            for (long target : targets) {
                c.seek(tp, target);
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                Eventually.repeat(Duration.ofSeconds(10), "15 records (or all) after the seek", () -> {
                    ConsumerRecords<String, String> rs = c.poll(Duration.ofMillis(100));
                    rs.forEach(got::add);
                    return got.size() >= 15 || got.size() >= 400 - target;
                });
                assertThat(got).as("records after seek to %d", target).isNotEmpty();
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).offset()).as("record %d after seek to %d", i, target).isEqualTo(target + i);
                }
                assertThat(c.position(tp)).isEqualTo(target + got.size());
            }
            c.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> fromStart = RoundTripTest.readAll(c, 400, Duration.ofSeconds(30));
            assertCompleteInOrder(fromStart, 1, 400);
        }
    }

    @Test
    void pausedPartitionKeepsItsQueueAndResumesWithoutGapsOrRepeats(KafkaCluster kafka) {
        kafka.createTopic("fetcher-paused", 1, 1);
        TopicPartition tp = new TopicPartition("fetcher-paused", 0);
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> c = consumer(client, "max.poll.records", "5")) {
            fill(client, "fetcher-paused", 1, 100, 25);
            c.assign(List.of(tp));
            List<ConsumerRecord<String, String>> got = new ArrayList<>(RoundTripTest.readAll(c, 1, Duration.ofSeconds(10)));
            c.pause(List.of(tp));
            assertThat(c.poll(Duration.ofMillis(300)).isEmpty()).isTrue();
            assertThat(metrics(c).queuedRecords()).isPositive(); // kept while paused
            c.resume(List.of(tp));
            got.addAll(RoundTripTest.readAll(c, 100 - got.size(), Duration.ofSeconds(20)));
            assertCompleteInOrder(got, 1, 100);
        }
    }

    @Test
    void closeWithQueuedAndInFlightDataReleasesEverything(KafkaCluster kafka) {
        kafka.createTopic("fetcher-closing", 3, 1);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "fetcher-closing", 3, 200, 50);
            for (int round = 0; round < 5; round++) {
                Consumer<String, String> c = consumer(client, "max.poll.records", "1", "num.consumer.fetchers", "2");
                c.assign(List.of(new TopicPartition("fetcher-closing", 0), new TopicPartition("fetcher-closing", 1),
                        new TopicPartition("fetcher-closing", 2)));
                assertThat(RoundTripTest.readAll(c, 1, Duration.ofSeconds(10))).hasSize(1);
                if (round % 2 == 0) {
                    dev.kurier.client.testing.Eventually.waitFor(Duration.ofSeconds(5), "records queued",
                            () -> metrics(c).queuedRecords() > 0);
                }
                c.close(); // queued buffers, the chunk being handed out and late responses are released
            }
        }
        // LeakCheckExtension fails the class if any buffer was not released
    }
}
