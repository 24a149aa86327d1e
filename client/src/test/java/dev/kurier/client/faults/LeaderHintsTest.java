package dev.kurier.client.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.ElectionType;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * KIP-951: when leadership moves, the old leader's NOT_LEADER_OR_FOLLOWER answers name the new leader, and the
 * producer and the fetcher go there at once instead of waiting for a metadata refresh; nothing is lost or reordered
 * (issue 18). Leadership is moved every second, over a three-node cluster with RF=3 and min.insync.replicas=2.
 */
class LeaderHintsTest {

    @Test
    @Timeout(180)
    void producersAndFetchersFollowTheLeaderTheResponsesName() throws Exception {
        String topic = "leader-chase";
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaCluster kafka = KafkaCluster.builder().nodes(3).start();
             KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                     .clientId("leader-chase").set("metadata.max.age.ms", 300_000).build())) {
            kafka.createTopic(topic, 1, 3, Map.of("min.insync.replicas", "2"));
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            List<String> read = new ArrayList<>();
            try (Producer<String, String> producer = client.producer(ProducerConfig.builder().linger(Duration.ZERO)
                    .build(), Serdes.stringSerializer(), Serdes.stringSerializer());
                 Consumer<String, String> consumer = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                         .build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
                consumer.assign(List.of(tp));
                int moves = 0;
                int next = 0;
                long nextMove = System.nanoTime();
                while (moves < 6) {
                    for (int i = 0; i < 200; i++, next++) {
                        sent.add(producer.send(ProducerRecord.of(topic, "k", Integer.toString(next))));
                    }
                    consumer.poll(Duration.ofMillis(50)).forEach(r -> read.add(r.value()));
                    if (System.nanoTime() - nextMove >= 0) {
                        moveLeader(client, tp);
                        moves++;
                        nextMove = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    }
                }
                producer.flush();
                int total = next;
                Eventually.waitFor(Duration.ofSeconds(60), "every record read", () -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.value()));
                    return read.size() >= total;
                });
                for (int i = 0; i < sent.size(); i++) {
                    assertThat(sent.get(i).join().offset()).as("offset of record " + i).isEqualTo(i);
                }
                for (int i = 0; i < total; i++) {
                    assertThat(read.get(i)).isEqualTo(Integer.toString(i));
                }
                assertThat(read).hasSize(total);
            }
            // with metadata.max.age.ms at 5 minutes, following the leader needs the responses' hints
            assertThat(client.metadata().leaderHints()).as("leaders learned from responses").isPositive();
        }
    }

    /** Makes another replica the preferred leader and elects it. */
    private static void moveLeader(KurierClient client, TopicPartition tp) {
        TopicInfo t = client.admin().describeTopics(List.of(tp.topic())).join().get(tp.topic());
        List<Integer> replicas = new ArrayList<>(t.partitions().get(0).replicas());
        int leader = t.partitions().get(0).leader();
        replicas.remove(Integer.valueOf(leader));
        replicas.add(leader); // the current leader last: the next one becomes preferred
        client.admin().alterPartitionReassignments(Map.of(tp, replicas)).all().join();
        Eventually.waitFor(Duration.ofSeconds(30), "reassignment done", () ->
                client.admin().listPartitionReassignments().join().isEmpty());
        client.admin().electLeaders(ElectionType.PREFERRED, Set.of(tp)).all().join();
    }
}
