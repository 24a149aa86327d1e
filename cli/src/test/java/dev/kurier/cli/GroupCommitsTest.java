package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kurier consume -g} leaves a partition it gave up in a rebalance to its new owner: it commits what it printed
 * of it when it is revoked, and its final commit covers only what it still owns (issue 18, defect 8: the final commit
 * wrote a departed partition's old offset over the new owner's progress, leaving the group with lag).
 */
@EmbeddedKafka
@Timeout(120)
class GroupCommitsTest {

    @Test
    void aPartitionGivenUpInARebalanceKeepsItsNewOwnersCommits(KafkaCluster kafka) throws Exception {
        String topic = "cli-churn";
        String group = "cli-churn-group";
        kafka.createTopic(topic, 2, 1);
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .clientId("churn-test").build());
             Producer<String, String> producer = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, null, "k" + i, "v" + i, List.of()));
            }
            producer.flush();
            // the command: sole member first, reads all 100, then idles out 8 s after its last record
            CompletableFuture<Cli.Result> cli = CompletableFuture.supplyAsync(() -> Cli.runWith("", Map.of(), "-b",
                    kafka.bootstrapServers(), "consume", "-t", topic, "-g", group, "--idle-timeout-ms", "8000"));
            Set<TopicPartition> both = Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            try (Consumer<String, String> other = client.consumer(ConsumerConfig.builder().groupId(group)
                    .autoOffsetReset("earliest").set("enable.auto.commit", false).build(), Serdes.stringDeserializer(),
                    Serdes.stringDeserializer())) {
                Awaitility.await("the command committed all it read").atMost(Duration.ofSeconds(30))
                        .until(() -> committed(other, both) == 100);
                // a second member joins: the command gives up one partition
                other.subscribe(List.of(topic));
                Awaitility.await("the second member owns a partition").atMost(Duration.ofSeconds(30))
                        .until(() -> !other.poll(Duration.ofMillis(100)).isEmpty() || !other.assignment().isEmpty());
                TopicPartition taken = other.assignment().iterator().next();
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(topic, taken.partition(), null, "n" + i, "new" + i, List.of()));
                }
                producer.flush();
                int[] read = {0};
                Awaitility.await("the second member read the new records").atMost(Duration.ofSeconds(30))
                        .until(() -> (read[0] += other.poll(Duration.ofMillis(100)).count()) >= 20);
                other.commitSync();
                assertThat(other.committed(Set.of(taken)).get(taken).offset()).isEqualTo(70);
                Cli.Result r = cli.get();
                assertThat(r.exit()).as(r.toString()).isZero();
                assertThat(r.out().lines().count()).isEqualTo(100);
                // the command's exit left the new owner's progress alone: no lag
                assertThat(other.committed(Set.of(taken)).get(taken).offset()).isEqualTo(70);
                assertThat(committed(other, both)).isEqualTo(120);
            }
        }
    }

    private static long committed(Consumer<String, String> c, Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> m = c.committed(partitions);
        return m.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
}
