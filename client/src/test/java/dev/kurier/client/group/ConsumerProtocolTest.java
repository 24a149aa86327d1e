package dev.kurier.client.group;

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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * {@code group.protocol=consumer} (KIP-848) on a real Kafka 4 broker: the broker assigns, members take and give up
 * only the partitions that move, commits carry the member epoch, and Kurier and kafka-clients members share a group.
 */
@EmbeddedKafka
class ConsumerProtocolTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** Records what the rebalance listener heard. */
    private static final class Events implements ConsumerRebalanceListener {
        final List<Set<TopicPartition>> assigned = new CopyOnWriteArrayList<>();
        final List<Set<TopicPartition>> revoked = new CopyOnWriteArrayList<>();

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.add(Set.copyOf(partitions));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoked.add(Set.copyOf(partitions));
        }
    }

    private static Consumer<String, String> member(KurierClient client, String group) {
        return client.consumer(ConsumerConfig.builder().groupId(group).autoOffsetReset("earliest")
                .set("group.protocol", "consumer").set("enable.auto.commit", "false").build(),
                Serdes.stringDeserializer(), Serdes.stringDeserializer());
    }

    private static void fill(KurierClient client, String topic, int partitions, int perPartition) {
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int part = 0; part < partitions; part++) {
                for (int i = 0; i < perPartition; i++) {
                    p.send(new ProducerRecord<>(topic, part, null, null, part + ":" + i, List.of()));
                }
            }
            p.flush();
        }
    }

    private static Set<TopicPartition> all(String topic, int partitions) {
        Set<TopicPartition> out = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::toString));
        for (int p = 0; p < partitions; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    @Test
    void membersSplitThePartitionsMovingOnlyWhatChangesAndCommitWithTheirEpoch(KafkaCluster kafka) throws Exception {
        int n = SEQ.incrementAndGet();
        String topic = "kip848-" + n;
        String group = "kip848-group-" + n;
        kafka.createTopic(topic, 6, 1);
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).clientId("kip848").build())) {
            fill(client, topic, 6, 50);
            Events eventsA = new Events();
            Events eventsB = new Events();
            Map<String, Integer> seen = new ConcurrentHashMap<>();
            try (Consumer<String, String> a = member(client, group)) {
                a.subscribe(List.of(topic), eventsA);
                Eventually.waitFor(Duration.ofSeconds(30), "the first member owns all six partitions", () -> {
                    a.poll(Duration.ofMillis(100)).forEach(r -> seen.merge(r.value(), 1, Integer::sum));
                    return a.assignment().size() == 6;
                });
                assertThat(eventsA.assigned).hasSize(1);
                assertThat(eventsA.assigned.get(0)).hasSize(6);
                int epoch = a.groupMetadata().generationId();
                assertThat(epoch).as("member epoch").isPositive();
                assertThat(a.groupMetadata().memberId()).isNotEmpty();

                try (Consumer<String, String> b = member(client, group)) {
                    b.subscribe(List.of(topic), eventsB);
                    Eventually.waitFor(Duration.ofSeconds(30), "the partitions are split between the members", () -> {
                        a.poll(Duration.ofMillis(50)).forEach(r -> seen.merge(r.value(), 1, Integer::sum));
                        b.poll(Duration.ofMillis(50)).forEach(r -> seen.merge(r.value(), 1, Integer::sum));
                        Set<TopicPartition> both = new HashSet<>(a.assignment());
                        both.addAll(b.assignment());
                        return !a.assignment().isEmpty() && !b.assignment().isEmpty()
                                && a.assignment().size() + b.assignment().size() == 6 && both.size() == 6;
                    });
                    // only what moved was revoked from A, and B got exactly that
                    Set<TopicPartition> revokedFromA = new HashSet<>();
                    eventsA.revoked.forEach(revokedFromA::addAll);
                    Set<TopicPartition> assignedToB = new HashSet<>();
                    eventsB.assigned.forEach(assignedToB::addAll);
                    assertThat(revokedFromA).isEqualTo(assignedToB).isEqualTo(b.assignment());
                    assertThat(a.groupMetadata().generationId()).as("A's epoch moved on").isGreaterThan(epoch);
                    // commits carry the member epoch
                    Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
                    a.assignment().forEach(tp -> offsets.put(tp, OffsetAndMetadata.of(1)));
                    a.commitSync(offsets);
                    assertThat(a.committed(a.assignment())).hasSize(a.assignment().size());
                }
                Eventually.waitFor(Duration.ofSeconds(30), "the survivor owns all six again", () -> {
                    a.poll(Duration.ofMillis(100)).forEach(r -> seen.merge(r.value(), 1, Integer::sum));
                    return a.assignment().size() == 6;
                });
            }
            assertThat(seen.keySet()).as("every record read by some member").hasSize(300);
        }
    }

    @Test
    void aMemberThatStopsPollingLeavesAndComesBackAtItsNextPoll(KafkaCluster kafka) throws Exception {
        int n = SEQ.incrementAndGet();
        String topic = "kip848-slow-" + n;
        String group = "kip848-slow-group-" + n;
        kafka.createTopic(topic, 4, 1);
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).clientId("kip848-slow").build());
             Consumer<String, String> a = member(client, group);
             Consumer<String, String> slow = client.consumer(ConsumerConfig.builder().groupId(group)
                     .set("group.protocol", "consumer").set("max.poll.interval.ms", "3000").build(),
                     Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            Events events = new Events();
            List<Set<TopicPartition>> lost = new CopyOnWriteArrayList<>();
            a.subscribe(List.of(topic));
            slow.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    events.onPartitionsAssigned(partitions);
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    events.onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    lost.add(Set.copyOf(partitions));
                }
            });
            Eventually.waitFor(Duration.ofSeconds(30), "both members own partitions", () -> {
                a.poll(Duration.ofMillis(50));
                slow.poll(Duration.ofMillis(50));
                return !a.assignment().isEmpty() && !slow.assignment().isEmpty()
                        && a.assignment().size() + slow.assignment().size() == 4;
            });
            Set<TopicPartition> slowHad = Set.copyOf(slow.assignment());
            // the slow member stops polling: after max.poll.interval.ms it leaves and the other takes everything
            Eventually.waitFor(Duration.ofSeconds(30), "the member that keeps polling owns all four", () -> {
                a.poll(Duration.ofMillis(100));
                return a.assignment().size() == 4;
            });
            Eventually.waitFor(Duration.ofSeconds(30), "the slow member is back in the group", () -> {
                a.poll(Duration.ofMillis(50));
                slow.poll(Duration.ofMillis(50));
                return !slow.assignment().isEmpty() && a.assignment().size() + slow.assignment().size() == 4;
            });
            assertThat(lost).as("what it owned when it left counts as lost").containsExactly(slowHad);
        }
    }

    @Test
    void faustAcksHandOverAtARevocationWithNothingTwiceOnTheConsumerProtocol(KafkaCluster kafka) throws Exception {
        int n = SEQ.incrementAndGet();
        String topic = "kip848-acks-" + n;
        String group = "kip848-acks-group-" + n;
        kafka.createTopic(topic, 4, 1);
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).clientId("kip848-acks").build())) {
            fill(client, topic, 4, 600);
            List<String> seen = new CopyOnWriteArrayList<>();
            List<String> seenByB = new CopyOnWriteArrayList<>();
            ConsumerConfig acks = ConsumerConfig.builder().groupId(group).autoOffsetReset("earliest")
                    .set("group.protocol", "consumer").set("acks.enabled", "true").set("commit.interval.ms", "100")
                    .set("max.poll.records", "10").build();
            try (Consumer<String, String> a = client.consumer(acks, Serdes.stringDeserializer(),
                    Serdes.stringDeserializer())) {
                a.subscribe(List.of(topic));
                Eventually.waitFor(Duration.ofSeconds(30), "the first member read a quarter", () -> {
                    for (ConsumerRecord<String, String> r : a.poll(Duration.ofMillis(50))) {
                        seen.add(r.value());
                        a.ack(r);
                    }
                    return seen.size() >= 100;
                });
                try (Consumer<String, String> b = client.consumer(acks, Serdes.stringDeserializer(),
                        Serdes.stringDeserializer())) {
                    b.subscribe(List.of(topic));
                    // at most ten records per member every 50 ms: the second member joins while there is work left
                    Eventually.waitFor(Duration.ofSeconds(60), "all 2,400 read by the two members", () -> {
                        for (Consumer<String, String> c : List.of(a, b)) {
                            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(50))) {
                                seen.add(r.value());
                                if (c == b) {
                                    seenByB.add(r.value());
                                }
                                c.ack(r);
                            }
                        }
                        return seen.size() >= 2400;
                    });
                }
            }
            assertThat(seen).hasSize(2400).doesNotHaveDuplicates();
            assertThat(seenByB).as("the second member took over partitions with work left").isNotEmpty();
        }
    }

    @Test
    void aPatternIsEvaluatedByTheBrokerAndItsTopicsAreRead(KafkaCluster kafka) throws Exception {
        int n = SEQ.incrementAndGet();
        String prefix = "kip848-re" + n + "-";
        kafka.createTopic(prefix + "a", 2, 1);
        kafka.createTopic(prefix + "b", 1, 1);
        kafka.createTopic("kip848-other" + n, 1, 1);
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).clientId("kip848-re").build())) {
            fill(client, prefix + "a", 2, 5);
            fill(client, prefix + "b", 1, 5);
            fill(client, "kip848-other" + n, 1, 5);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            try (Consumer<String, String> c = member(client, "kip848-re-group-" + n)) {
                c.subscribe(java.util.regex.Pattern.compile(prefix + ".*"));
                Eventually.waitFor(Duration.ofSeconds(30), "the matching topics' records read", () -> {
                    c.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.topic() + "/" + r.value()));
                    return seen.size() >= 15;
                });
                assertThat(c.assignment()).extracting(TopicPartition::topic).containsOnly(prefix + "a", prefix + "b");
            }
            assertThat(seen).hasSize(15).allMatch(v -> v.startsWith(prefix));
        }
    }

    @Test
    void kurierAndKafkaClientsMembersShareOneConsumerProtocolGroup(KafkaCluster kafka) throws Exception {
        int n = SEQ.incrementAndGet();
        String topic = "kip848-mixed-" + n;
        String group = "kip848-mixed-group-" + n;
        kafka.createTopic(topic, 6, 1);
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", group);
        props.put("group.protocol", "consumer");
        props.put("enable.auto.commit", "false");
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).clientId("kip848-mixed").build());
             Consumer<String, String> kurier = member(client, group);
             KafkaConsumer<String, String> other = new KafkaConsumer<>(props, new StringDeserializer(),
                     new StringDeserializer())) {
            kurier.subscribe(List.of(topic));
            other.subscribe(List.of(topic));
            Eventually.waitFor(Duration.ofSeconds(45), "one group, six partitions, no overlap, no gap", () -> {
                kurier.poll(Duration.ofMillis(50));
                other.poll(Duration.ofMillis(50));
                Set<String> mine = new HashSet<>();
                kurier.assignment().forEach(tp -> mine.add(tp.toString()));
                Set<String> theirs = new HashSet<>();
                other.assignment().forEach(tp -> theirs.add(tp.topic() + "-" + tp.partition()));
                Set<String> both = new HashSet<>(mine);
                both.addAll(theirs);
                return !mine.isEmpty() && !theirs.isEmpty() && mine.size() + theirs.size() == 6 && both.size() == 6;
            });
        }
    }
}
