package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.group.OffsetAndMetadata;
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
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Faust acks with one record still open: the commit stops before it, its metadata names the records acknowledged
 * after it, and the member that takes over processes only the open one; with {@code acks.persist=false} it gets all
 * of them again. kafka-clients' consumer in the group ignores the metadata and reads from the committed offset.
 */
@EmbeddedKafka
class AcksAcrossRestartsTest {

    private static final TopicPartition TP0 = new TopicPartition("acks-restart", 0);

    private static Consumer<String, String> member(KurierClient client, String group, boolean persist) {
        return client.consumer(ConsumerConfig.builder().groupId(group).autoOffsetReset("earliest")
                .set("acks.enabled", "true").set("acks.persist", String.valueOf(persist))
                .set("revoke.drain.timeout.ms", "500").build(), // the open record is never acked: do not wait for it
                Serdes.stringDeserializer(), Serdes.stringDeserializer());
    }

    /** One member acks everything but offset 10 and commits; then a new member reads what the group gives it. */
    private static List<Long> afterRestart(KurierClient client, String topic, String group, boolean persist) {
        try (Consumer<String, String> first = member(client, group, persist)) {
            first.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            Eventually.repeat(Duration.ofSeconds(30), "100 records", () -> {
                first.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= 100;
            });
            got.stream().filter(r -> r.offset() != 10).forEach(first::ack);
            first.commitSync();
        }
        List<Long> again = new ArrayList<>();
        try (Consumer<String, String> second = member(client, group, persist)) {
            second.subscribe(List.of(topic));
            Eventually.repeat(Duration.ofSeconds(30), "the open record again", () -> {
                for (ConsumerRecord<String, String> r : second.poll(Duration.ofMillis(200))) {
                    again.add(r.offset());
                    second.ack(r);
                }
                return !again.isEmpty();
            });
            for (int i = 0; i < 3; i++) { // whatever else the group hands out comes with the next polls
                second.poll(Duration.ofMillis(300)).forEach(r -> {
                    again.add(r.offset());
                    second.ack(r);
                });
            }
            second.commitSync();
        }
        return again;
    }

    @Test
    void recordsAcknowledgedBeyondAnOpenOneAreNotProcessedAgainAfterARestart(KafkaCluster kafka) throws Exception {
        kafka.createTopic("acks-restart", 1, 1);
        try (KurierClient client = RoundTripTest.client(kafka); Admin admin = client.admin()) {
            try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                    Serdes.stringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    p.send(new ProducerRecord<>("acks-restart", 0, null, null, "r" + i, List.of()));
                }
                p.flush();
            }
            assertThat(afterRestart(client, "acks-restart", "acks-persisted", true))
                    .as("only the record left open").containsExactly(10L);
            assertThat(admin.listGroupOffsets("acks-persisted").get()).containsEntry(TP0, 100L);

            assertThat(afterRestart(client, "acks-restart", "acks-not-persisted", false))
                    .as("without acks.persist, everything from the open record on").hasSize(90).startsWith(10L, 11L);

            // kafka-clients reads from the committed offset, the metadata is opaque to it
            try (Consumer<String, String> first = member(client, "acks-mixed", true)) {
                first.subscribe(List.of("acks-restart"));
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                Eventually.repeat(Duration.ofSeconds(30), "100 records", () -> {
                    first.poll(Duration.ofMillis(200)).forEach(got::add);
                    return got.size() >= 100;
                });
                got.stream().filter(r -> r.offset() != 10).forEach(first::ack);
                first.commitSync();
            }
            Map<TopicPartition, OffsetAndMetadata> committed;
            try (Consumer<String, String> look = member(client, "acks-mixed", true)) {
                committed = look.committed(java.util.Set.of(TP0));
            }
            assertThat(committed.get(TP0).offset()).isEqualTo(10);
            assertThat(committed.get(TP0).metadata()).isEqualTo("kurier-acks:1:1-89");
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            props.put("group.id", "acks-mixed");
            try (KafkaConsumer<String, String> other = new KafkaConsumer<>(props, new StringDeserializer(),
                    new StringDeserializer())) {
                other.subscribe(List.of("acks-restart"));
                List<Long> offsets = new ArrayList<>();
                Eventually.repeat(Duration.ofSeconds(30), "90 records", () -> {
                    other.poll(Duration.ofMillis(200)).forEach(r -> offsets.add(r.offset()));
                    return offsets.size() >= 90;
                });
                assertThat(offsets.get(0)).isEqualTo(10L);
            }
        }
    }
}
