package dev.kurier.client.group;

import static dev.kurier.client.group.TestGroupMember.pollUntil;
import static dev.kurier.client.group.TestGroupMember.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Kurier members in classic consumer groups on a real broker: members split the partitions, a newcomer takes
 * its share (eager: everything revoked and reassigned; cooperative: only the moving partitions revoked), a
 * closing member's partitions move at once, a dead member's after the session timeout, a member that stops
 * polling leaves and later finds its partitions lost, a second static member with the same instance id is
 * fenced while a restarted one gets its partitions back without a rebalance, and the leader notices new
 * partitions.
 */
@EmbeddedKafka
class GroupMembershipTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    private static List<TopicPartition> partitions(String topic, int n) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"range", "cooperative-sticky"})
    void membersSplitPartitionsAndANewcomerTakesItsShare(String assignor, KafkaCluster kafka) {
        String topic = unique("split-" + assignor);
        String group = unique("g");
        kafka.createTopic(topic, 6, 1);
        List<TopicPartition> all = partitions(topic, 6);
        try (TestGroupMember a = new TestGroupMember("a", kafka.bootstrapServers(), group, List.of(assignor), Map.of());
             TestGroupMember b = new TestGroupMember("b", kafka.bootstrapServers(), group, List.of(assignor), Map.of());
             TestGroupMember c = new TestGroupMember("c", kafka.bootstrapServers(), group, List.of(assignor), Map.of())) {
            a.subscribe(topic);
            pollUntil(Duration.ofSeconds(20), () -> split(all, a), a);
            assertThat(a.assigned).containsExactlyInAnyOrderElementsOf(all);

            b.subscribe(topic);
            pollUntil(Duration.ofSeconds(30), () -> split(all, a, b), a, b);
            assertThat(a.assignment()).hasSize(3);
            assertThat(b.assignment()).hasSize(3);

            Set<TopicPartition> aBefore = a.assignment();
            Set<TopicPartition> bBefore = b.assignment();
            a.clearEvents();
            b.clearEvents();
            c.subscribe(topic);
            pollUntil(Duration.ofSeconds(30), () -> split(all, a, b, c), a, b, c);
            for (TestGroupMember m : List.of(a, b, c)) {
                assertThat(m.assignment()).as(m.name).hasSize(2);
            }
            assertThat(c.assigned).isEqualTo(c.assignment());
            if (assignor.equals("range")) {
                // Eager: everything is revoked before the rebalance, and the new assignment announced after.
                assertThat(a.revoked).isEqualTo(aBefore);
                assertThat(b.revoked).isEqualTo(bBefore);
                assertThat(a.assigned).isEqualTo(a.assignment());
            } else {
                // Cooperative: a and b keep two of their three and revoke exactly what c gets.
                assertThat(a.assignment()).isSubsetOf(aBefore);
                assertThat(b.assignment()).isSubsetOf(bBefore);
                Set<TopicPartition> moved = new TreeSet<>(a.revoked);
                moved.addAll(b.revoked);
                assertThat(moved).isEqualTo(c.assignment());
                assertThat(a.assigned).isEmpty();
                assertThat(b.assigned).isEmpty();
            }
            assertThat(a.lost).isEmpty();
        }
    }

    @Test
    void aClosingMemberLeavesAndTheOthersTakeOverAtOnce(KafkaCluster kafka) {
        String topic = unique("leave");
        String group = unique("g");
        kafka.createTopic(topic, 4, 1);
        List<TopicPartition> all = partitions(topic, 4);
        try (TestGroupMember a = new TestGroupMember("a", kafka.bootstrapServers(), group, List.of("range"), Map.of())) {
            TestGroupMember b = new TestGroupMember("b", kafka.bootstrapServers(), group, List.of("range"), Map.of());
            a.subscribe(topic);
            b.subscribe(topic);
            pollUntil(Duration.ofSeconds(30), () -> split(all, a, b), a, b);
            Set<TopicPartition> bHad = b.assignment();
            b.clearEvents();
            long start = System.nanoTime();
            b.close();
            // b's listener saw its partitions revoked (not lost) on close.
            assertThat(b.revoked).isEqualTo(bHad);
            pollUntil(Duration.ofSeconds(20), () -> split(all, a), a);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // LeaveGroup: no waiting for the 6 s session timeout.
            assertThat(tookMs).isLessThan(5000);
        }
    }

    @Test
    void aDeadMembersPartitionsMoveAfterTheSessionTimeout(KafkaCluster kafka) {
        String topic = unique("dead");
        String group = unique("g");
        kafka.createTopic(topic, 4, 1);
        List<TopicPartition> all = partitions(topic, 4);
        try (TestGroupMember a = new TestGroupMember("a", kafka.bootstrapServers(), group, List.of("range"), Map.of())) {
            TestGroupMember b = new TestGroupMember("b", kafka.bootstrapServers(), group, List.of("range"), Map.of());
            a.subscribe(topic);
            b.subscribe(topic);
            pollUntil(Duration.ofSeconds(30), () -> split(all, a, b), a, b);
            long start = System.nanoTime();
            b.group.killForTest(); // no LeaveGroup, no more heartbeats
            b.client.close();
            pollUntil(Duration.ofSeconds(30), () -> split(all, a), a);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMs).as("partitions move only once the 6 s session expires").isGreaterThan(4000);
        }
    }

    @Test
    void aMemberThatStopsPollingLeavesAndFindsItsPartitionsLost(KafkaCluster kafka) {
        String topic = unique("slow");
        String group = unique("g");
        kafka.createTopic(topic, 4, 1);
        List<TopicPartition> all = partitions(topic, 4);
        try (TestGroupMember a = new TestGroupMember("a", kafka.bootstrapServers(), group, List.of("range"), Map.of());
             TestGroupMember slow = new TestGroupMember("slow", kafka.bootstrapServers(), group, List.of("range"),
                     Map.of("max.poll.interval.ms", 3000))) {
            a.subscribe(topic);
            slow.subscribe(topic);
            pollUntil(Duration.ofSeconds(30), () -> split(all, a, slow), a, slow);
            Set<TopicPartition> slowHad = slow.assignment();
            slow.clearEvents();
            // Only a polls: after 3 s the slow member's heartbeat thread leaves the group, and a takes over.
            pollUntil(Duration.ofSeconds(20), () -> split(all, a), a);
            assertThatThrownBy(() -> slow.group.commitSync(Map.of(all.get(0), OffsetAndMetadata.of(1))))
                    .isInstanceOf(CommitFailedException.class).hasMessageContaining("poll()");
            // Back to polling: the old partitions are reported lost (not revoked) and the member rejoins.
            pollUntil(Duration.ofSeconds(30), () -> split(all, a, slow), a, slow);
            assertThat(slow.lost).isEqualTo(slowHad);
            assertThat(slow.revoked).isEmpty();
        }
    }

    @Test
    void aSecondStaticMemberWithTheSameInstanceIdFencesTheFirst(KafkaCluster kafka) {
        String topic = unique("static");
        String group = unique("g");
        kafka.createTopic(topic, 2, 1);
        List<TopicPartition> all = partitions(topic, 2);
        Map<String, Object> instance = Map.of("group.instance.id", "instance-1");
        try (TestGroupMember first = new TestGroupMember("first", kafka.bootstrapServers(), group, List.of("range"), instance);
             TestGroupMember second = new TestGroupMember("second", kafka.bootstrapServers(), group, List.of("range"),
                     instance)) {
            first.subscribe(topic);
            pollUntil(Duration.ofSeconds(20), () -> split(all, first), first);
            String firstMemberId = first.group.groupMetadata().memberId();
            second.subscribe(topic);
            pollUntil(Duration.ofSeconds(20), () -> split(all, second), second);
            assertThat(second.group.groupMetadata().memberId()).isNotEqualTo(firstMemberId);
            assertThat(second.group.groupMetadata().groupInstanceId()).isEqualTo("instance-1");
            // The first one learns from its next heartbeat that it was replaced.
            KafkaErrorException[] caught = {null};
            dev.kurier.client.testing.Eventually.repeat(Duration.ofSeconds(10), "the first member fenced", () -> {
                try {
                    first.poll();
                    return false;
                } catch (KafkaErrorException e) {
                    caught[0] = e;
                    return true;
                }
            });
            KafkaErrorException fenced = caught[0];
            assertThat(fenced.error()).isEqualTo(Errors.FENCED_INSTANCE_ID);
            assertThat(fenced.getMessage()).contains("instance-1");
        }
    }

    @Test
    void aRestartedStaticMemberGetsItsPartitionsBackWithoutARebalance(KafkaCluster kafka) {
        String topic = unique("static-restart");
        String group = unique("g");
        kafka.createTopic(topic, 4, 1);
        List<TopicPartition> all = partitions(topic, 4);
        Map<String, Object> instance = Map.of("group.instance.id", "restartable");
        try (TestGroupMember dynamic = new TestGroupMember("dynamic", kafka.bootstrapServers(), group, List.of("range"),
                Map.of())) {
            TestGroupMember first = new TestGroupMember("static", kafka.bootstrapServers(), group, List.of("range"), instance);
            Set<TopicPartition> staticHad;
            try {
                dynamic.subscribe(topic);
                first.subscribe(topic);
                pollUntil(Duration.ofSeconds(30), () -> split(all, dynamic, first), dynamic, first);
                staticHad = first.assignment();
            } finally {
                first.close(); // a static member sends no LeaveGroup
            }
            int generation = dynamic.group.groupMetadata().generationId();
            dynamic.clearEvents();
            try (TestGroupMember again = new TestGroupMember("static-again", kafka.bootstrapServers(), group,
                    List.of("range"), instance)) {
                again.subscribe(topic);
                pollUntil(Duration.ofSeconds(20), () -> split(all, dynamic, again), dynamic, again);
                assertThat(again.assignment()).isEqualTo(staticHad);
                // No rebalance at all: one would have moved the generation before the returning member got its
                // partitions back (its join waits for the rebalance), and the dynamic member's polls saw no callback.
                assertThat(dynamic.events).isEmpty();
                assertThat(dynamic.group.groupMetadata().generationId()).isEqualTo(generation);
            }
        }
    }

    @Test
    void theLeaderRebalancesWhenATopicGainsPartitions(KafkaCluster kafka) throws Exception {
        String topic = unique("grow");
        String group = unique("g");
        kafka.createTopic(topic, 2, 1);
        try (TestGroupMember a = new TestGroupMember("a", kafka.bootstrapServers(), group, List.of("range"),
                Map.of("metadata.max.age.ms", 500));
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                     "bootstrap.servers", kafka.bootstrapServers()))) {
            a.subscribe(topic);
            pollUntil(Duration.ofSeconds(20), () -> split(partitions(topic, 2), a), a);
            admin.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(4)))
                    .all().get();
            pollUntil(Duration.ofSeconds(20), () -> split(partitions(topic, 4), a), a);
        }
    }

    @Test
    void subscribingToAnotherTopicRebalancesOntoIt(KafkaCluster kafka) {
        String one = unique("one");
        String two = unique("two");
        String group = unique("g");
        kafka.createTopic(one, 2, 1);
        kafka.createTopic(two, 3, 1);
        try (TestGroupMember a = new TestGroupMember("a", kafka.bootstrapServers(), group, List.of("cooperative-sticky"),
                Map.of())) {
            a.subscribe(one);
            pollUntil(Duration.ofSeconds(20), () -> split(partitions(one, 2), a), a);
            a.clearEvents();
            a.subscribe(one, two);
            List<TopicPartition> both = new ArrayList<>(partitions(one, 2));
            both.addAll(partitions(two, 3));
            pollUntil(Duration.ofSeconds(20), () -> split(both, a), a);
            assertThat(a.revoked).isEmpty();
            assertThat(a.assigned).containsExactlyInAnyOrderElementsOf(partitions(two, 3));
            a.clearEvents();
            a.subscribe(two);
            pollUntil(Duration.ofSeconds(20), () -> split(partitions(two, 3), a), a);
            assertThat(new HashSet<>(a.revoked)).isEqualTo(new HashSet<>(partitions(one, 2)));
        }
    }
}
