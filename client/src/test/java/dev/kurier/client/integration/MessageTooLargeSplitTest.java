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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch the broker refuses as too large (MESSAGE_TOO_LARGE: batch.size above the topic's max.message.bytes) is split
 * and sent again, as kafka-clients does: every record lands, in order, once; only a record too large on its own fails
 * (issue 18, defect 6).
 */
@EmbeddedKafka
class MessageTooLargeSplitTest {

    private static Producer<String, String> producer(KurierClient client, String compression, boolean idempotent) {
        return client.producer(ProducerConfig.builder().batchSize(256 * 1024).linger(Duration.ofMillis(200))
                .compression(compression).set("enable.idempotence", idempotent).set("acks", idempotent ? "all" : "1")
                .build(), Serdes.stringSerializer(), Serdes.stringSerializer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none/idempotent", "none/plain", "lz4/idempotent"})
    void aBatchAboveTheTopicsLimitIsSplitAndEveryRecordLandsOnceInOrder(String mode, KafkaCluster kafka) {
        String compression = mode.substring(0, mode.indexOf('/'));
        boolean idempotent = mode.endsWith("idempotent");
        String topic = "split-" + compression + "-" + (idempotent ? "idem" : "plain");
        kafka.createTopic(topic, 1, 1, Map.of("max.message.bytes", "8000"));
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> p = producer(client, compression, idempotent)) {
            for (int i = 0; i < 200; i++) {
                // random-looking values, so that compression does not make the batch fit
                sent.add(p.send(ProducerRecord.of(topic, "k" + i, i + ":" + noise(i, 900))));
            }
            p.flush();
            for (int i = 0; i < sent.size(); i++) {
                assertThat(sent.get(i).join().offset()).as("offset of record " + i).isEqualTo(i);
            }
            List<String> values = read(client, topic, 200);
            assertThat(values).hasSize(200);
            for (int i = 0; i < 200; i++) {
                assertThat(values.get(i)).startsWith(i + ":");
            }
        }
    }

    @Test
    void aTransactionWhoseBatchesAreSplitCommitsEveryRecordOnce(KafkaCluster kafka) {
        String topic = "split-transactional";
        kafka.createTopic(topic, 1, 1, Map.of("max.message.bytes", "8000"));
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> p = client.producer(ProducerConfig.builder().batchSize(64 * 1024)
                     .linger(Duration.ofMillis(50)).transactionalId("split-tx").build(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            p.initTransactions();
            p.beginTransaction();
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                // several batches in flight behind the one that is split
                sent.add(p.send(ProducerRecord.of(topic, "k" + i, i + ":" + noise(i, 900))));
            }
            p.commitTransaction();
            for (int i = 0; i < sent.size(); i++) {
                assertThat(sent.get(i).join().offset()).as("offset of record " + i).isEqualTo(i);
            }
            List<String> values = read(client, topic, 400);
            assertThat(values).hasSize(400);
            for (int i = 0; i < 400; i++) {
                assertThat(values.get(i)).startsWith(i + ":");
            }
        }
    }

    @Test
    void onlyTheRecordTooLargeOnItsOwnFails(KafkaCluster kafka) {
        String topic = "split-one-too-large";
        kafka.createTopic(topic, 1, 1, Map.of("max.message.bytes", "8000"));
        try (KurierClient client = RoundTripTest.client(kafka);
             Producer<String, String> p = producer(client, "none", true)) {
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sent.add(p.send(ProducerRecord.of(topic, "k" + i, i == 10 ? noise(i, 20_000) : i + ":" + noise(i, 500))));
            }
            p.flush();
            for (int i = 0; i < 20; i++) {
                if (i == 10) {
                    int index = i;
                    assertThat(sent.get(i)).as("record " + index).isCompletedExceptionally();
                    Throwable t = sent.get(i).handle((v, e) -> e).join();
                    assertThat(t instanceof CompletionException ? t.getCause() : t)
                            .hasMessageContaining("MESSAGE_TOO_LARGE").hasMessageContaining(topic + "-0");
                } else {
                    assertThat(sent.get(i).join().offset()).isEqualTo(i < 10 ? i : i - 1);
                }
            }
            // later records still go
            assertThat(p.send(ProducerRecord.of(topic, "k", "after")).join().offset()).isEqualTo(19);
        }
    }

    private static String noise(int seed, int length) {
        StringBuilder b = new StringBuilder(length);
        long x = seed * 2654435761L + 1;
        while (b.length() < length) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b.append((char) ('a' + (int) ((x >>> 3) % 26 + 26) % 26));
        }
        return b.toString();
    }

    private static List<String> read(KurierClient client, String topic, int expected) {
        try (Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest").build(),
                Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            c.assign(List.of(new TopicPartition(topic, 0)));
            return RoundTripTest.readAll(c, expected, Duration.ofSeconds(30)).stream().map(ConsumerRecord::value)
                    .toList();
        }
    }
}
