package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** What Kurier writes, kafka-clients reads identically; what kafka-clients writes, Kurier reads identically. */
@EmbeddedKafka
class InteropTest {

    private static final int N = 500;

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String key(int i) {
        return i % 5 == 0 ? null : "k" + i;
    }

    private static String value(int i) {
        return i % 9 == 0 ? null : "value " + i + " ".repeat(i % 13);
    }

    private static List<Header> headers(int i) {
        List<Header> h = new ArrayList<>();
        for (int j = 0; j < i % 4; j++) {
            h.add(new Header("h" + j, j == 2 ? null : bytes("hv" + i + "-" + j)));
        }
        return h;
    }

    @Test
    void kafkaClientsReadsWhatKurierWrote(KafkaCluster kafka) {
        kafka.createTopic("interop-k2j", 2, 1);
        // recent timestamps: records stamped years ago are past the broker's retention and may be deleted under the test
        long base = System.currentTimeMillis() - 60_000;
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<byte[], byte[]> producer = client.producer(ProducerConfig.defaults(), Serdes.bytesSerializer(),
                     Serdes.bytesSerializer())) {
            for (int i = 0; i < N; i++) {
                producer.send(new ProducerRecord<>("interop-k2j", i % 2, base + i, bytes(key(i)),
                        bytes(value(i)), headers(i)));
            }
            producer.flush();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "interop-reader");
        p.put("auto.offset.reset", "earliest");
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(new org.apache.kafka.common.TopicPartition("interop-k2j", 0),
                    new org.apache.kafka.common.TopicPartition("interop-k2j", 1)));
            Eventually.repeat(Duration.ofSeconds(30), "got.size() >= N", () -> {
                ConsumerRecords<byte[], byte[]> rs = c.poll(Duration.ofMillis(200));
                rs.forEach(got::add);
                return got.size() >= N;
            });
        }
        assertThat(got).hasSize(N);
        for (var r : got) {
            int i = (int) (r.timestamp() - base);
            assertThat(r.partition()).isEqualTo(i % 2);
            assertThat(r.key()).isEqualTo(bytes(key(i)));
            assertThat(r.value()).isEqualTo(bytes(value(i)));
            List<Header> hs = new ArrayList<>();
            r.headers().forEach(h -> hs.add(new Header(h.key(), h.value())));
            assertThat(hs).isEqualTo(headers(i));
        }
    }

    @Test
    void kurierReadsWhatKafkaClientsWrote(KafkaCluster kafka) throws Exception {
        kafka.createTopic("interop-j2k", 2, 1);
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("linger.ms", "5");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < N; i++) {
                List<org.apache.kafka.common.header.Header> hs = new ArrayList<>();
                for (Header h : headers(i)) {
                    hs.add(new RecordHeader(h.key(), h.value()));
                }
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("interop-j2k", i % 2,
                        1_650_000_000_000L + i, bytes(key(i)), bytes(value(i)), hs));
            }
            producer.flush();
        }
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<byte[], byte[]> consumer = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest").build(),
                     Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
            consumer.assign(List.of(new TopicPartition("interop-j2k", 0), new TopicPartition("interop-j2k", 1)));
            List<ConsumerRecord<byte[], byte[]>> got = RoundTripTest.readAll(consumer, N, Duration.ofSeconds(30));
            assertThat(got).hasSize(N);
            for (ConsumerRecord<byte[], byte[]> r : got) {
                int i = (int) (r.timestamp() - 1_650_000_000_000L);
                assertThat(r.partition()).isEqualTo(i % 2);
                assertThat(r.key()).isEqualTo(bytes(key(i)));
                assertThat(r.value()).isEqualTo(bytes(value(i)));
                assertThat(r.headers()).isEqualTo(headers(i));
                assertThat(r.serializedValueSize()).isEqualTo(value(i) == null ? -1 : bytes(value(i)).length);
            }
            // kafka-clients' offsets per partition are dense from 0, and so are ours.
            for (int part = 0; part < 2; part++) {
                final int fp = part;
                long[] offsets = got.stream().filter(r -> r.partition() == fp).mapToLong(ConsumerRecord::offset).toArray();
                long[] expected = new long[offsets.length];
                Arrays.setAll(expected, x -> x);
                assertThat(offsets).containsExactly(expected);
            }
        }
    }
}
