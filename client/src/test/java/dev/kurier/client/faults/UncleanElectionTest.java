package dev.kurier.client.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.ElectionType;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.LogTruncationException;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An unclean leader election that truncates the log under a consumer, on a real cluster (issue 18, KIP-320): the
 * partition's two replicas live on the broker-only nodes 2 and 3 (node 1 is the only controller, so both can be
 * down without losing the quorum). Node 3 stops; node 2, alone in the ISR, takes 50 more records, which a consumer
 * reads; node 2 stops, node 3 comes back and is elected uncleanly without them, and takes 20 records of its own at the
 * same offsets. The consumer's next fetch names the epoch it fetched last: the new leader says where its log diverged,
 * and the consumer goes back there (reading the 20 new records) or, with {@code auto.offset.reset=none}, raises
 * {@link LogTruncationException}. Without KIP-320 the fetch past the new log end would only be out of range.
 */
class UncleanElectionTest {

    private static final String TOPIC = "unclean";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    private static void produce(KurierClient client, String acks, String prefix, int count) {
        try (Producer<String, String> p = client.producer(ProducerConfig.builder().set("acks", acks)
                .set("enable.idempotence", "false").build(), Serdes.stringSerializer(), Serdes.stringSerializer())) {
            for (int i = 0; i < count; i++) {
                p.send(new ProducerRecord<>(TOPIC, 0, null, null, prefix + i, List.of())).join();
            }
        }
    }

    private static List<ConsumerRecord<String, String>> read(Consumer<String, String> c, int n) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        Eventually.waitFor(Duration.ofSeconds(60), n + " records", () -> {
            c.poll(Duration.ofMillis(200)).forEach(out::add);
            return out.size() >= n;
        });
        return out;
    }

    private static int leader(Admin admin) {
        TopicInfo t = admin.describeTopics(List.of(TOPIC)).join().get(TOPIC);
        return t.partitions().get(0).leader();
    }

    @Test
    @Timeout(240)
    void aTruncatedLogSendsTheConsumerBackToWhereTheLogsAgree() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().nodes(3).controllers(1)
                .brokerProperty("replica.lag.time.max.ms", "2000").start();
             KurierClient client = KurierClient.create(ClientConfig.builder()
                     .bootstrapServers(kafka.node(1).bootstrapServer()).clientId("unclean")
                     .set("metadata.max.age.ms", 1000).build());
             Admin admin = client.admin()) {
            admin.createTopics(List.of(NewTopic.withAssignments(TOPIC, Map.of(0, List.of(2, 3)),
                    Map.of("min.insync.replicas", "1", "unclean.leader.election.enable", "true")))).all().join();
            Eventually.waitFor(Duration.ofSeconds(30), "node 2 leads", () -> leader(admin) == 2);
            produce(client, "all", "a", 100); // on both replicas

            kafka.node(3).stop();
            produce(client, "1", "b", 50); // only on node 2
            try (Consumer<String, String> resetting = client.consumer(ConsumerConfig.builder()
                         .autoOffsetReset("earliest").build(), Serdes.stringDeserializer(), Serdes.stringDeserializer());
                 Consumer<String, String> strict = client.consumer(ConsumerConfig.builder()
                         .autoOffsetReset("none").build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                resetting.assign(List.of(TP));
                resetting.seek(TP, 0);
                strict.assign(List.of(TP));
                strict.seek(TP, 0);
                assertThat(read(resetting, 150)).hasSize(150);
                assertThat(read(strict, 150)).hasSize(150);

                kafka.node(2).stop();
                kafka.node(3).start();
                Eventually.waitFor(Duration.ofSeconds(60), "node 3 elected without the last 50 records", () -> {
                    try {
                        admin.electLeaders(ElectionType.UNCLEAN, Set.of(TP)).all().join();
                    } catch (RuntimeException e) {
                        // ELECTION_NOT_NEEDED once it leads, or not yet possible
                    }
                    return leader(admin) == 3;
                });
                produce(client, "1", "c", 20); // offsets 100-119 on the new leader, in a new epoch

                List<ConsumerRecord<String, String>> after = read(resetting, 20);
                assertThat(after).extracting(ConsumerRecord::value).startsWith("c0", "c1", "c2");
                assertThat(after.get(0).offset()).as("back to where the logs agree").isEqualTo(100);
                assertThat(after).hasSize(20);

                assertThat(Eventually.untilThrown(Duration.ofSeconds(60), "the truncation raised", () ->
                        assertThat(strict.poll(Duration.ofMillis(200)).count()).as("no record past the truncation")
                                .isZero())).isInstanceOfSatisfying(LogTruncationException.class, e -> {
                    assertThat(e.partition()).isEqualTo(TP);
                    assertThat(e.divergingOffset()).isEqualTo(100);
                    assertThat(e.position()).isEqualTo(150);
                });
            }
        }
    }
}
