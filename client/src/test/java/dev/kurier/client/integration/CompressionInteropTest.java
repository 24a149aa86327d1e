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
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every codec, both directions: Kurier compresses and kafka-clients reads; kafka-clients compresses and Kurier reads. */
@EmbeddedKafka
class CompressionInteropTest {

    private static final int N = 400;

    private static String value(int i) {
        return "order " + i + " " + "payload-".repeat(i % 40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void kafkaClientsReadsKurierCompressedBatches(String codec, KafkaCluster kafka) {
        String topic = "kurier-" + codec;
        kafka.createTopic(topic, 1, 1);
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> producer = client.producer(ProducerConfig.builder().compression(codec)
                     .batchSize(64 * 1024).linger(Duration.ofMillis(20)).build(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            for (int i = 0; i < N; i++) {
                producer.send(ProducerRecord.of(topic, "k" + i, value(i)));
            }
            producer.flush();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "reader-" + codec);
        List<String> got = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            Eventually.repeat(Duration.ofSeconds(30), "got.size() >= N", () -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.key() + "=" + r.value()));
                return got.size() >= N;
            });
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            expected.add("k" + i + "=" + value(i));
        }
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void kurierReadsKafkaClientsCompressedBatches(String codec, KafkaCluster kafka) {
        String topic = "java-" + codec;
        kafka.createTopic(topic, 1, 1);
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("compression.type", codec);
        p.put("linger.ms", "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < N; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k" + i, value(i)));
            }
            producer.flush();
        }
        try (KurierClient client = RoundTripTest.client(kafka);
             Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest").build(),
                     Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<String, String>> got = RoundTripTest.readAll(consumer, N, Duration.ofSeconds(30));
            assertThat(got).hasSize(N);
            for (int i = 0; i < N; i++) {
                assertThat(got.get(i).offset()).isEqualTo(i);
                assertThat(got.get(i).key()).isEqualTo("k" + i);
                assertThat(got.get(i).value()).isEqualTo(value(i));
            }
        }
    }
}
