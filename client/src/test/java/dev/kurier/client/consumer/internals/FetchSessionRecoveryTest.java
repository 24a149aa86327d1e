package dev.kurier.client.consumer.internals;

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
 * A real broker answers a fetch under a session it does not know (FETCH_SESSION_ID_NOT_FOUND) or at the wrong epoch
 * (INVALID_FETCH_SESSION_EPOCH); the fetcher starts a new session with a full fetch and nothing is lost or repeated.
 */
@EmbeddedKafka
class FetchSessionRecoveryTest {

    private static final int PARTITIONS = 8;

    private static void produce(KurierClient client, String topic, int from, int to) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int part = 0; part < PARTITIONS; part++) {
                for (int i = from; i < to; i++) {
                    p.send(new ProducerRecord<>(topic, part, null, null, part + ":" + i, List.of()));
                }
            }
            p.flush();
        }
    }

    private static void readInOrder(Consumer<String, String> c, Map<Integer, Long> next, int expected) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        Eventually.repeat(Duration.ofSeconds(30), "got.size() >= expected", () -> {
            c.poll(Duration.ofMillis(200)).forEach(got::add);
            return got.size() >= expected;
        });
        assertThat(got).hasSize(expected);
        for (ConsumerRecord<String, String> r : got) {
            long want = next.getOrDefault(r.partition(), 0L);
            assertThat(r.offset()).as("offset in partition %d", r.partition()).isEqualTo(want);
            assertThat(r.value()).isEqualTo(r.partition() + ":" + r.offset());
            next.put(r.partition(), want + 1);
        }
    }

    private static void recoversFrom(KafkaCluster kafka, String topic, int idDelta, int epochDelta) {
        kafka.createTopic(topic, PARTITIONS, 1);
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).clientId("session-recovery").build());
             Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                     .set("fetch.max.wait.ms", "100").build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            produce(client, topic, 0, 30);
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                all.add(new TopicPartition(topic, p));
            }
            c.assign(all);
            Map<Integer, Long> next = new HashMap<>();
            readInOrder(c, next, PARTITIONS * 30);
            KurierConsumer<String, String> kc = (KurierConsumer<String, String>) c;
            ConsumerMetrics m = kc.metrics();
            c.poll(Duration.ofMillis(300));
            assertThat(m.incrementalFetches()).isPositive();
            long full = m.fullFetches();
            assertThat(m.fetchSessionErrors()).isZero();

            kc.fetcher().damageSessions(idDelta, epochDelta);
            Eventually.repeat(Duration.ofSeconds(10), "m.fetchSessionErrors() != 0", () -> {
                assertThat(c.poll(Duration.ofMillis(50)).isEmpty()).isTrue(); // the fetcher keeps long-polling
                return m.fetchSessionErrors() != 0;
            });
            assertThat(m.fetchSessionErrors()).as("the broker rejected the damaged session").isEqualTo(1);
            produce(client, topic, 30, 45);
            readInOrder(c, next, PARTITIONS * 15);
            assertThat(m.fetchSessionErrors()).isEqualTo(1);
            assertThat(m.fullFetches()).as("a full fetch opened a new session").isGreaterThan(full);
            long incremental = m.incrementalFetches();

            produce(client, topic, 45, 50);
            readInOrder(c, next, PARTITIONS * 5);
            c.poll(Duration.ofMillis(300));
            assertThat(m.incrementalFetches()).as("incremental again in the new session").isGreaterThan(incremental);
            assertThat(m.fetchSessionErrors()).isEqualTo(1);
        }
    }

    @Test
    void unknownSessionIdStartsANewSession(KafkaCluster kafka) {
        recoversFrom(kafka, "session-lost", 1_000_003, 0);
    }

    @Test
    void wrongEpochStartsANewSession(KafkaCluster kafka) {
        recoversFrom(kafka, "session-epoch", 0, 7);
    }
}
