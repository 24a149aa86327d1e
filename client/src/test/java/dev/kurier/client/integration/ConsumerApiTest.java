package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.OffsetAndTimestamp;
import dev.kurier.client.consumer.OffsetOutOfRangeException;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The seeds' consumer API: pause/resume, offsets by time, held offsets, iteration, consume, wakeup, reset none. */
@EmbeddedKafka
class ConsumerApiTest {

    private static void fill(KurierClient client, String topic, int partitions, int perPartition, long baseTs) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int part = 0; part < partitions; part++) {
                for (int i = 0; i < perPartition; i++) {
                    p.send(new ProducerRecord<>(topic, part, baseTs + i * 1000L, null, part + ":" + i, List.of()));
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

    @Test
    void pausedPartitionsYieldNothingUntilResumed(KafkaCluster kafka) {
        kafka.createTopic("pausing", 2, 1);
        TopicPartition p0 = new TopicPartition("pausing", 0);
        TopicPartition p1 = new TopicPartition("pausing", 1);
        try (KurierClient client = RoundTripTest.client(kafka); Consumer<String, String> c = consumer(client)) {
            fill(client, "pausing", 2, 20, 1_000_000L);
            c.assign(List.of(p0, p1));
            c.pause(List.of(p1));
            assertThat(c.paused()).containsExactly(p1);
            List<ConsumerRecord<String, String>> got = RoundTripTest.readAll(c, 20, Duration.ofSeconds(10));
            assertThat(got).hasSize(20).allMatch(r -> r.partition() == 0);
            assertThat(c.poll(Duration.ofMillis(300)).isEmpty()).isTrue();
            c.resume(List.of(p1));
            assertThat(RoundTripTest.readAll(c, 20, Duration.ofSeconds(10))).hasSize(20).allMatch(r -> r.partition() == 1);
            assertThat(c.heldOffsets()).containsEntry(p0, 20L).containsEntry(p1, 20L);
        }
    }

    @Test
    void metricsReportPositionHighWatermarkAndLag(KafkaCluster kafka) {
        kafka.createTopic("measured", 1, 1);
        TopicPartition tp = new TopicPartition("measured", 0);
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> c = consumer(client, "max.poll.records", "4")) {
            fill(client, "measured", 1, 10, 1L);
            c.assign(List.of(tp));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            while (got.isEmpty()) {
                c.poll(Duration.ofSeconds(1)).forEach(got::add);
            }
            var metrics = ((dev.kurier.client.consumer.internals.KurierConsumer<String, String>) c).metrics();
            var stats = metrics.partitions().get(tp);
            assertThat(stats.position()).isEqualTo(got.size());
            assertThat(stats.highWatermark()).isEqualTo(10);
            assertThat(stats.lag()).isEqualTo(10 - got.size());
            assertThat(metrics.fetches()).isPositive();
            assertThat(metrics.bytesFetched()).isPositive();
            assertThat(metrics.recordsConsumed()).isEqualTo(got.size());
            RoundTripTest.readAll(c, 10 - got.size(), Duration.ofSeconds(10));
            assertThat(metrics.totalLag()).isZero();
        }
    }

    @Test
    void offsetsForTimesAndSeekToTimestamp(KafkaCluster kafka) {
        kafka.createTopic("timed", 1, 1);
        TopicPartition tp = new TopicPartition("timed", 0);
        try (KurierClient client = RoundTripTest.client(kafka); Consumer<String, String> c = consumer(client)) {
            fill(client, "timed", 1, 10, 5_000_000L);
            c.assign(List.of(tp));
            Map<TopicPartition, OffsetAndTimestamp> at = c.offsetsForTimes(Map.of(tp, 5_003_500L));
            assertThat(at.get(tp)).isEqualTo(new OffsetAndTimestamp(4, 5_004_000L));
            assertThat(c.offsetsForTimes(Map.of(tp, 9_000_000L))).isEmpty();
            c.seekToTimestamp(List.of(tp), 5_007_000L);
            assertThat(c.position(tp)).isEqualTo(7);
            assertThat(RoundTripTest.readAll(c, 3, Duration.ofSeconds(10))).extracting(ConsumerRecord::value)
                    .containsExactly("0:7", "0:8", "0:9");
            c.seekToTimestamp(List.of(tp), 9_000_000L);
            assertThat(c.position(tp)).isEqualTo(10);
        }
    }

    @Test
    void iterationEndsAfterConsumerTimeoutAndConsumeReturnsOneRecord(KafkaCluster kafka) {
        kafka.createTopic("iterating", 1, 1);
        TopicPartition tp = new TopicPartition("iterating", 0);
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> c = consumer(client, "consumer.timeout.ms", "1500")) {
            fill(client, "iterating", 1, 5, 1L);
            c.assign(List.of(tp));
            ConsumerRecord<String, String> first = c.consume(Duration.ofSeconds(10));
            assertThat(first.value()).isEqualTo("0:0");
            List<String> rest = new ArrayList<>();
            long start = System.nanoTime();
            for (ConsumerRecord<String, String> r : c) {
                rest.add(r.value());
            }
            assertThat(rest).containsExactly("0:1", "0:2", "0:3", "0:4");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(1400L, 15_000L);
            assertThat(c.consume(Duration.ofMillis(200))).isNull();
        }
    }

    @Test
    void wakeupBreaksABlockedPoll(KafkaCluster kafka) throws Exception {
        kafka.createTopic("waking", 1, 1);
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        try (KurierClient client = RoundTripTest.client(kafka); Consumer<String, String> c = consumer(client)) {
            c.assign(List.of(new TopicPartition("waking", 0)));
            c.poll(Duration.ofMillis(100));
            s.schedule(c::wakeup, 300, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.poll(Duration.ofSeconds(30))).isInstanceOf(WakeupException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            assertThat(c.poll(Duration.ofMillis(100)).isEmpty()).isTrue(); // usable afterwards
        } finally {
            s.shutdownNow();
        }
    }

    @Test
    void resetPolicyNoneNamesThePartition(KafkaCluster kafka) {
        kafka.createTopic("strict", 1, 1);
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("none").build(),
                     Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            c.assign(List.of(new TopicPartition("strict", 0)));
            assertThatThrownBy(() -> c.poll(Duration.ofSeconds(1))).isInstanceOf(OffsetOutOfRangeException.class)
                    .hasMessageContaining("strict-0").hasMessageContaining("auto.offset.reset=none");
        }
    }

    @Test
    void outOfRangePositionIsResetByPolicy(KafkaCluster kafka) {
        kafka.createTopic("ranged", 1, 1);
        TopicPartition tp = new TopicPartition("ranged", 0);
        try (KurierClient client = RoundTripTest.client(kafka); Consumer<String, String> c = consumer(client)) {
            fill(client, "ranged", 1, 3, 1L);
            c.assign(List.of(tp));
            c.seek(tp, 1000);
            List<ConsumerRecord<String, String>> got = RoundTripTest.readAll(c, 3, Duration.ofSeconds(10));
            assertThat(got).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
        }
    }
}
