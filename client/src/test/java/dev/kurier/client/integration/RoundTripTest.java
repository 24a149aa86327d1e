package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.TimestampType;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Kurier writes records and reads them back from a real broker: keys, values, headers, timestamps, nulls. */
@EmbeddedKafka
class RoundTripTest {

    static KurierClient client(KafkaCluster kafka) {
        return KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .clientId("roundtrip").build());
    }

    static <K, V> List<ConsumerRecord<K, V>> readAll(Consumer<K, V> consumer, int expected, Duration max) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        dev.kurier.client.testing.Eventually.repeat(max, expected + " records", () -> {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            return out.size() >= expected;
        });
        return out;
    }

    @Test
    void recordsComeBackAsTheyWereWritten(KafkaCluster kafka) {
        kafka.createTopic("roundtrip", 3, 1);
        // recent timestamps: records stamped years ago are past the broker's retention, whose check may delete them
        // under the test (it did once the shared broker had run five minutes)
        long base = System.currentTimeMillis() - 60_000;
        try (KurierClient client = client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer());
             Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder()
                     .autoOffsetReset("earliest").build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                List<Header> headers = i % 3 == 0 ? List.of(Header.of("trace", "t-" + i), new Header("empty", null))
                        : List.of();
                String key = i % 7 == 0 ? null : "key-" + i;
                String value = i % 11 == 0 ? null : "value-" + i;
                acks.add(producer.send(new ProducerRecord<>("roundtrip", i % 3, base + i, key, value, headers)));
            }
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : acks) {
                assertThat(f).isCompleted();
                assertThat(f.join().offset()).isGreaterThanOrEqualTo(0);
            }
            List<TopicPartition> parts = List.of(new TopicPartition("roundtrip", 0), new TopicPartition("roundtrip", 1),
                    new TopicPartition("roundtrip", 2));
            consumer.assign(parts);
            List<ConsumerRecord<String, String>> got = readAll(consumer, 300, Duration.ofSeconds(30));
            assertThat(got).hasSize(300);
            for (ConsumerRecord<String, String> r : got) {
                int i = (int) (r.timestamp() - base);
                assertThat(r.partition()).isEqualTo(i % 3);
                assertThat(r.key()).isEqualTo(i % 7 == 0 ? null : "key-" + i);
                assertThat(r.value()).isEqualTo(i % 11 == 0 ? null : "value-" + i);
                assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
                if (i % 3 == 0) {
                    assertThat(r.headers()).containsExactly(Header.of("trace", "t-" + i), new Header("empty", null));
                } else {
                    assertThat(r.headers()).isEmpty();
                }
            }
            // Offsets the producer reported match what the consumer sees.
            for (int i = 0; i < 300; i++) {
                RecordMetadata md = acks.get(i).join();
                ConsumerRecord<String, String> match = got.stream()
                        .filter(r -> r.partition() == md.partition().partition() && r.offset() == md.offset())
                        .findFirst().orElseThrow();
                assertThat(match.timestamp()).isEqualTo(base + i);
            }
            assertThat(consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
            assertThat(consumer.beginningOffsets(parts).values()).containsOnly(0L);
        }
    }

    @Test
    void keyedRecordsWithoutPartitionLandWhereKafkaClientsPutThem(KafkaCluster kafka) {
        kafka.createTopic("keyed", 6, 1);
        try (KurierClient client = client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            for (int i = 0; i < 200; i++) {
                String key = "customer-" + i;
                RecordMetadata md = producer.sendSync(ProducerRecord.of("keyed", key, "v"));
                int expected = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                        key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 6;
                assertThat(md.partition().partition()).as("partition of %s", key).isEqualTo(expected);
            }
        }
    }

    @Test
    void partitionersPlaceRecordsAsConfigured(KafkaCluster kafka) {
        kafka.createTopic("placed", 4, 1);
        try (KurierClient client = client(kafka);
             Producer<String, String> roundRobin = client.producer(ProducerConfig.builder().set("partitioner", "round-robin")
                     .build(), Serdes.stringSerializer(), Serdes.stringSerializer());
             Producer<String, String> custom = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer(), (topic, key, n) -> n - 1)) {
            List<Integer> parts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                parts.add(roundRobin.sendSync(ProducerRecord.of("placed", "same-key", "v")).partition().partition());
            }
            assertThat(parts).containsExactly(0, 1, 2, 3, 0, 1, 2, 3);
            assertThat(custom.sendSync(ProducerRecord.of("placed", "k", "v")).partition().partition()).isEqualTo(3);
            // an explicit partition wins over any partitioner
            assertThat(custom.sendSync(new ProducerRecord<>("placed", 1, null, "k", "v", List.of())).partition().partition())
                    .isEqualTo(1);
        }
    }

    @Test
    void seekAndPositionsWork(KafkaCluster kafka) {
        kafka.createTopic("seeking", 1, 1);
        TopicPartition tp = new TopicPartition("seeking", 0);
        try (KurierClient client = client(kafka);
             Producer<byte[], byte[]> producer = client.producer(ProducerConfig.defaults(), Serdes.bytesSerializer(),
                     Serdes.bytesSerializer());
             Consumer<byte[], byte[]> consumer = client.consumer(ConsumerConfig.defaults(), Serdes.bytesDeserializer(),
                     Serdes.bytesDeserializer())) {
            for (int i = 0; i < 50; i++) {
                producer.send(ProducerRecord.of("seeking", new byte[] {(byte) i}));
            }
            producer.flush();
            consumer.assign(List.of(tp));
            // auto.offset.reset=latest: the position starts at the end
            assertThat(consumer.position(tp)).isEqualTo(50);
            consumer.seek(tp, 42);
            List<ConsumerRecord<byte[], byte[]>> got = readAll(consumer, 8, Duration.ofSeconds(20));
            assertThat(got).extracting(ConsumerRecord::offset).containsExactly(42L, 43L, 44L, 45L, 46L, 47L, 48L, 49L);
            assertThat(got.get(0).value()).containsExactly(42);
            assertThat(consumer.position(tp)).isEqualTo(50);
            consumer.seekToBeginning(List.of(tp));
            assertThat(consumer.position(tp)).isZero();
        }
    }
}
