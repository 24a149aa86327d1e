package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.group.ConsumerRebalanceListener;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code subscribe(Pattern)} on a real broker: the matching topics are found from cluster metadata, topics created
 * after the member joined are picked up on the next metadata refresh, deleted ones are dropped, and topics that do
 * not match (internal ones included) are never assigned.
 */
@EmbeddedKafka
class PatternSubscribeTest {

    private static KurierClient client(KafkaCluster kafka) {
        return KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers()).clientId("pattern")
                .set("metadata.max.age.ms", "500").build());
    }

    private static Consumer<String, String> member(KurierClient client, String group) {
        return client.consumer(ConsumerConfig.builder().groupId(group).autoOffsetReset("earliest")
                .set("session.timeout.ms", "10000").set("heartbeat.interval.ms", "500").build(),
                Serdes.stringDeserializer(), Serdes.stringDeserializer());
    }

    private static void fill(KurierClient client, String topic, int n) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int i = 0; i < n; i++) {
                p.send(ProducerRecord.of(topic, "k" + i, topic + ":" + i));
            }
            p.flush();
        }
    }

    /** Records every partition ever assigned. */
    private static final class Recording implements ConsumerRebalanceListener {
        final Set<TopicPartition> everAssigned = new HashSet<>();
        final Set<TopicPartition> revokedOrLost = new HashSet<>();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revokedOrLost.addAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            everAssigned.addAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            revokedOrLost.addAll(partitions);
        }
    }

    /** Polls until {@code done} holds, collecting records; fails after {@code max}. */
    private static List<ConsumerRecord<String, String>> pollUntil(Consumer<String, String> c, Duration max,
                                                                  List<ConsumerRecord<String, String>> into,
                                                                  BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, max).isLessThan(deadline);
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                into.add(r);
            }
        }
        return into;
    }

    @Test
    void topicsCreatedAfterJoiningAreConsumedAndNonMatchingOnesNeverAssigned(KafkaCluster kafka) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String first = "orders-" + id + "-eu";
        String later = "orders-" + id + "-us";
        kafka.createTopic(first, 2, 1);
        kafka.createTopic("payments-" + id, 1, 1); // does not match
        kafka.createTopic("xorders-" + id + "-eu", 1, 1); // contains a match, but the whole name does not match
        try (KurierClient client = client(kafka); Consumer<String, String> c = member(client, "pattern-" + id)) {
            fill(client, first, 10);
            fill(client, "payments-" + id, 10);
            Recording listener = new Recording();
            c.subscribe(Pattern.compile("orders-" + id + "-.*"), listener);
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            pollUntil(c, Duration.ofSeconds(30), read, () -> read.size() >= 10, "the first topic's records");
            assertThat(c.subscription()).containsExactly(first);
            assertThat(c.assignment()).containsExactlyInAnyOrder(new TopicPartition(first, 0), new TopicPartition(first, 1));

            kafka.createTopic(later, 3, 1);
            kafka.createTopic("payments-" + id + "-us", 1, 1);
            long created = System.nanoTime();
            fill(client, later, 30);
            fill(client, "payments-" + id + "-us", 5);
            pollUntil(c, Duration.ofSeconds(15), read, () -> read.size() >= 40, "the new topic's records");
            Duration took = Duration.ofNanos(System.nanoTime() - created);
            assertThat(took).as("new matching topic consumed soon after creation").isLessThan(Duration.ofSeconds(10));
            assertThat(c.subscription()).containsExactlyInAnyOrder(first, later);
            assertThat(read).extracting(ConsumerRecord::topic).containsOnly(first, later);
            assertThat(read.stream().filter(r -> r.topic().equals(later)).count()).isEqualTo(30);
            assertThat(listener.everAssigned).extracting(TopicPartition::topic).containsOnly(first, later);
            assertThat(c.assignment()).hasSize(5);

            // A deleted matching topic leaves the subscription and the assignment.
            kafka.deleteTopic(first);
            pollUntil(c, Duration.ofSeconds(20), read, () -> !c.subscription().contains(first)
                    && c.assignment().stream().noneMatch(tp -> tp.topic().equals(first)), "the deleted topic dropped");
            assertThat(c.subscription()).containsExactly(later);
            assertThat(listener.revokedOrLost).contains(new TopicPartition(first, 0), new TopicPartition(first, 1));
            fill(client, later, 3);
            pollUntil(c, Duration.ofSeconds(15), read, () -> read.stream().filter(r -> r.topic().equals(later)).count()
                    >= 33, "records after the deletion");
            assertThat(listener.everAssigned).extracting(TopicPartition::topic).containsOnly(first, later);
        }
    }

    @Test
    void internalTopicsNeverMatch(KafkaCluster kafka) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String topic = "orders-" + id + "-internal-check";
        kafka.createTopic(topic, 1, 1);
        try (KurierClient client = client(kafka)) {
            // Make sure __consumer_offsets exists: a commit creates it.
            try (Consumer<String, String> committer = member(client, "pattern-commit-" + id)) {
                committer.commitSync(Map.of(new TopicPartition(topic, 0), OffsetAndMetadata.of(0)));
            }
            assertThat(client.metadata().describeAll().get(30, TimeUnit.SECONDS).topic("__consumer_offsets"))
                    .as("__consumer_offsets exists").isNotNull().extracting(TopicInfo::internal).isEqualTo(true);
            fill(client, topic, 3);
            try (Consumer<String, String> c = member(client, "pattern-internal-" + id)) {
                Recording listener = new Recording();
                c.subscribe(Pattern.compile("__.*|orders-" + id + "-.*"), listener);
                List<ConsumerRecord<String, String>> read = new ArrayList<>();
                pollUntil(c, Duration.ofSeconds(30), read, () -> read.size() >= 3, "records");
                assertThat(c.subscription()).containsExactly(topic);
                assertThat(c.assignment()).containsExactly(new TopicPartition(topic, 0));
                assertThat(listener.everAssigned).extracting(TopicPartition::topic).containsOnly(topic);
            }
        }
    }

    @Test
    void aPatternMatchingNothingYetJoinsAndPicksUpTheFirstTopic(KafkaCluster kafka) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (KurierClient client = client(kafka); Consumer<String, String> c = member(client, "pattern-empty-" + id)) {
            c.subscribe(Pattern.compile("orders-" + id + "-.*"));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            c.poll(Duration.ofSeconds(2));
            assertThat(c.subscription()).isEmpty();
            assertThat(c.assignment()).isEmpty();
            String topic = "orders-" + id + "-first";
            kafka.createTopic(topic, 1, 1);
            fill(client, topic, 5);
            pollUntil(c, Duration.ofSeconds(15), read, () -> read.size() >= 5, "records of the first matching topic");
            assertThat(c.subscription()).containsExactly(topic);
            assertThat(read).extracting(ConsumerRecord::value).containsExactly(
                    topic + ":0", topic + ":1", topic + ":2", topic + ":3", topic + ":4");
        }
    }
}
