package dev.kurier.client.group.assignor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupAssignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

/**
 * kafka-clients (the test oracle) is the reference: for the same members and topics, Kurier's range and roundrobin assignors
 * give every member exactly the partitions kafka-clients' give it (so a mixed group gets the same answer
 * whichever client leads), and the cooperative-sticky assignor writes the same subscription user data and
 * reads kafka-clients' generation from it.
 */
class KafkaAssignorOracleTest {

    private static final Node NODE = new Node(0, "localhost", 9092);

    @Test
    void rangeMatchesKafkaClients() {
        compareWithKafka(new RangeAssignor(), new org.apache.kafka.clients.consumer.RangeAssignor());
    }

    @Test
    void roundRobinMatchesKafkaClients() {
        compareWithKafka(new RoundRobinAssignor(), new org.apache.kafka.clients.consumer.RoundRobinAssignor());
    }

    private static void compareWithKafka(ConsumerPartitionAssignor ours,
                                         org.apache.kafka.clients.consumer.ConsumerPartitionAssignor theirs) {
        assertThat(ours.name()).isEqualTo(theirs.name());
        for (int seed = 0; seed < 400; seed++) {
            Random random = new Random(seed);
            Map<String, Integer> topics = RandomGroups.topics(random, 4, 12);
            Map<String, Subscription> subs = RandomGroups.subscriptions(random, topics, 1 + random.nextInt(7),
                    random.nextInt(3) == 0);
            Map<String, List<TopicPartition>> mine = RandomGroups.partitions(ours.assign(topics, subs));
            Map<String, List<TopicPartition>> kafka = kafkaAssign(theirs, topics, subs);
            assertThat(mine.keySet()).as("seed %d members", seed).isEqualTo(kafka.keySet());
            for (String member : mine.keySet()) {
                assertThat(mine.get(member)).as("seed %d member %s", seed, member)
                        .containsExactlyInAnyOrderElementsOf(kafka.get(member));
            }
        }
    }

    static Map<String, List<TopicPartition>> kafkaAssign(
            org.apache.kafka.clients.consumer.ConsumerPartitionAssignor assignor, Map<String, Integer> topics,
            Map<String, Subscription> subs) {
        List<PartitionInfo> infos = new ArrayList<>();
        topics.forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                infos.add(new PartitionInfo(t, p, NODE, new Node[] {NODE}, new Node[] {NODE}));
            }
        });
        Cluster cluster = new Cluster("oracle", List.of(NODE), infos, Set.of(), Set.of());
        Map<String, org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription> kafkaSubs = new HashMap<>();
        subs.forEach((member, s) -> {
            List<org.apache.kafka.common.TopicPartition> owned = new ArrayList<>();
            s.ownedPartitions().forEach(tp -> owned.add(new org.apache.kafka.common.TopicPartition(tp.topic(),
                    tp.partition())));
            var ks = new org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription(s.topics(),
                    s.userData() == null ? null : ByteBuffer.wrap(s.userData()), owned, s.generationId(),
                    Optional.empty());
            ks.setGroupInstanceId(Optional.ofNullable(s.groupInstanceId()));
            kafkaSubs.put(member, ks);
        });
        GroupAssignment result = assignor.assign(cluster, new GroupSubscription(kafkaSubs));
        Map<String, List<TopicPartition>> out = new HashMap<>();
        result.groupAssignment().forEach((member, a) -> {
            List<TopicPartition> list = new ArrayList<>();
            a.partitions().forEach(tp -> list.add(new TopicPartition(tp.topic(), tp.partition())));
            out.put(member, list);
        });
        return out;
    }

    @Test
    void cooperativeStickyUserDataIsKafkaClientsGeneration() {
        var kafka = new org.apache.kafka.clients.consumer.CooperativeStickyAssignor();
        CooperativeStickyAssignor ours = new CooperativeStickyAssignor();
        assertThat(ours.subscriptionUserData(Set.of("a"))).isEqualTo(bytes(kafka.subscriptionUserData(Set.of("a"))));
        kafka.onAssignment(null, new ConsumerGroupMetadata("g", 7, "m", Optional.empty()));
        ours.onAssignment(Assignment.of(List.of()), 7);
        assertThat(ours.subscriptionUserData(Set.of("a"))).isEqualTo(bytes(kafka.subscriptionUserData(Set.of("a"))))
                .hasSize(4);
        // An old member (subscription v0/v1, no generationId) is judged by the generation in its user data.
        Subscription old = new Subscription(List.of("a"), bytes(kafka.subscriptionUserData(Set.of("a"))), List.of(),
                -1, null, null);
        assertThat(CooperativeStickyAssignor.generationOf(old)).isEqualTo(7);
        Subscription v2 = new Subscription(List.of("a"), old.userData(), List.of(), 9, null, null);
        assertThat(CooperativeStickyAssignor.generationOf(v2)).isEqualTo(9);
    }

    @Test
    void cooperativeStickyBalancesLikeKafkaClients() {
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            Map<String, Integer> topics = RandomGroups.topics(random, 3, 16);
            Map<String, Subscription> subs = RandomGroups.subscriptions(random, topics, 1 + random.nextInt(6), true);
            Map<String, List<TopicPartition>> mine = RandomGroups.partitions(
                    new CooperativeStickyAssignor().assign(topics, subs));
            Map<String, List<TopicPartition>> kafka = kafkaAssign(
                    new org.apache.kafka.clients.consumer.CooperativeStickyAssignor(), topics, subs);
            assertThat(sizes(mine)).as("seed %d", seed).isEqualTo(sizes(kafka));
            assertThat(new HashSet<>(RandomGroups.owners(mine).keySet()))
                    .isEqualTo(new HashSet<>(RandomGroups.owners(kafka).keySet()));
        }
    }

    private static List<Integer> sizes(Map<String, List<TopicPartition>> assignment) {
        return assignment.values().stream().map(List::size).sorted().toList();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
