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
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch larger than the consumer's fetch limits (issue 18, defect 5). A broker returns such a batch whole only
 * when it is the first data of a response (KIP-74); behind a partition that keeps returning data it only ever gets
 * a cut-off piece of it, so fetching it with the others made no progress for as long as the other partition had
 * data.
 */
@EmbeddedKafka
class LargeBatchFetchTest {

    private static final int BUSY_RECORDS = 4000;

    @ParameterizedTest(name = "fetch sessions {0}")
    @ValueSource(booleans = {false, true})
    void aBatchAboveTheFetchLimitsArrivesWhileAnotherPartitionKeepsReturningData(boolean sessions, KafkaCluster kafka) {
        String topic = "large-batch-" + sessions;
        kafka.createTopic(topic, 2, 1);
        TopicPartition busy = new TopicPartition(topic, 0);
        TopicPartition large = new TopicPartition(topic, 1);
        try (KurierClient client = RoundTripTest.client(kafka)) {
            try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                    Serdes.stringSerializer())) {
                String kb = "x".repeat(1000);
                for (int i = 0; i < BUSY_RECORDS; i++) {
                    p.send(new ProducerRecord<>(topic, 0, null, null, kb, List.of()));
                }
                p.send(new ProducerRecord<>(topic, 1, null, null, "L".repeat(300_000), List.of()));
                p.flush();
            }
            try (Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                            .set("fetch.max.bytes", "65536").set("max.partition.fetch.bytes", "65536")
                            .set("queued.max.messages", "100000").set("fetch.sessions.enabled", String.valueOf(sessions))
                            .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                c.assign(List.of(busy, large));
                int[] busyCount = {0};
                List<ConsumerRecord<String, String>> largeOnes = new java.util.ArrayList<>();
                dev.kurier.client.testing.Eventually.repeat(Duration.ofSeconds(30), "the large record", () -> {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                        if (r.partition() == 1) {
                            largeOnes.add(r);
                        } else if (largeOnes.isEmpty()) {
                            busyCount[0]++;
                        }
                    }
                    return !largeOnes.isEmpty();
                });
                ConsumerRecord<String, String> got = largeOnes.get(0);
                int busyBefore = busyCount[0];
                assertThat(got).as("the 300 KB record of %s", large).isNotNull();
                assertThat(got.value()).hasSize(300_000);
                // about 60 busy records fit one fetch: the large batch must come within a few fetches, not after
                // the busy partition has run dry
                assertThat(busyBefore).as("records of the busy partition handed out before the large batch")
                        .isLessThan(BUSY_RECORDS / 4);
            }
        }
    }
}
