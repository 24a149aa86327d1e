package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.NewTopic;
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
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Commits never pass a record that was not handed out (kafka-python's iterator commits what it returned): the
 * iterator and {@code consume()} buffer a whole poll, but what they still hold is not committed, by an explicit
 * commit or by the auto-commit on close, so a restart resumes at the first record the application did not get.
 */
@EmbeddedKafka
class HandedOutCommitsTest {

    private static final int RECORDS = 2000;

    private static void fill(KurierClient client, String topic) throws Exception {
        try (Admin admin = client.admin()) {
            admin.createTopics(List.of(NewTopic.of(topic, 1, 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                p.send(ProducerRecord.of(topic, "k" + i, "v" + i));
            }
            p.flush();
        }
    }

    private static Consumer<String, String> member(KurierClient client, String group) {
        return client.consumer(ConsumerConfig.builder().groupId(group).autoOffsetReset("earliest")
                .set("enable.auto.commit", "true").set("max.poll.records", "500").build(),
                Serdes.stringDeserializer(), Serdes.stringDeserializer());
    }

    private static long committed(KurierClient client, String group, String topic) throws Exception {
        try (Admin admin = client.admin()) {
            return admin.listGroupOffsets(group).get(30, TimeUnit.SECONDS).getOrDefault(new TopicPartition(topic, 0), -1L);
        }
    }

    @Test
    void closingAnIteratingConsumerCommitsOnlyWhatTheIteratorReturned(KafkaCluster kafka) throws Exception {
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "handed-out-iterator");
            try (Consumer<String, String> c = member(client, "handed-out-iterator")) {
                c.subscribe(List.of("handed-out-iterator"));
                Iterator<ConsumerRecord<String, String>> it = c.iterator();
                for (int i = 0; i < 10; i++) {
                    assertThat(it.next().value()).isEqualTo("v" + i);
                }
            }
            assertThat(committed(client, "handed-out-iterator", "handed-out-iterator")).isEqualTo(10);
            try (Consumer<String, String> again = member(client, "handed-out-iterator")) {
                again.subscribe(List.of("handed-out-iterator"));
                assertThat(again.iterator().next().value()).as("the restart resumes at the first record not returned")
                        .isEqualTo("v10");
            }
        }
    }

    @Test
    void commitSyncAfterConsumeCommitsOnlyWhatConsumeReturned(KafkaCluster kafka) throws Exception {
        try (KurierClient client = RoundTripTest.client(kafka)) {
            fill(client, "handed-out-consume");
            try (Consumer<String, String> c = member(client, "handed-out-consume")) {
                c.subscribe(List.of("handed-out-consume"));
                int[] got = {0};
                dev.kurier.client.testing.Eventually.repeat(Duration.ofSeconds(30), "7 records consumed", () -> {
                    if (c.consume(Duration.ofMillis(500)) != null) {
                        got[0]++;
                    }
                    return got[0] >= 7;
                });
                assertThat(got[0]).isEqualTo(7);
                c.commitSync();
                assertThat(committed(client, "handed-out-consume", "handed-out-consume")).isEqualTo(7);
                assertThat(c.position(new TopicPartition("handed-out-consume", 0))).as("the next record handed out")
                        .isEqualTo(7);
            }
        }
    }
}
