package dev.kurier.client.group.assignor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Properties of the cooperative-sticky assignor, checked on random groups and on simulated rebalances in which
 * members come and go: every partition assigned exactly once, balance within one partition when subscriptions
 * are equal, never a partition given to a member while another still owns it, convergence within two
 * rebalances, and only the partitions that must move do (far fewer than with the range assignor).
 */
class CooperativeStickyAssignorTest {

    @Test
    void freshGroupsAreCompleteAndBalancedWithinOne() {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            Map<String, Integer> topics = RandomGroups.topics(random, 4, 20);
            Map<String, Subscription> subs = RandomGroups.subscriptions(random, topics, 1 + random.nextInt(9), true);
            Map<String, List<TopicPartition>> result = RandomGroups.partitions(
                    new CooperativeStickyAssignor().assign(topics, subs));
            assertThat(result.keySet()).as("seed %d", seed).isEqualTo(subs.keySet());
            assertThat(RandomGroups.owners(result).keySet()).as("seed %d", seed)
                    .containsExactlyInAnyOrderElementsOf(RandomGroups.subscribedPartitions(topics, subs));
            assertBalanced(result, seed);
        }
    }

    @Test
    void differentSubscriptionsGetOnlyTheirTopicsAndNoImprovingMoveIsLeft() {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            Map<String, Integer> topics = RandomGroups.topics(random, 5, 10);
            Map<String, Subscription> subs = RandomGroups.subscriptions(random, topics, 1 + random.nextInt(8), false);
            // Give some members owned partitions to start from, as after an earlier rebalance.
            subs = withRandomOwnership(random, topics, subs);
            Map<String, List<TopicPartition>> result = RandomGroups.partitions(
                    new CooperativeStickyAssignor().assign(topics, withoutClaims(subs)));
            Map<TopicPartition, String> owners = RandomGroups.owners(result);
            assertThat(owners.keySet()).as("seed %d", seed)
                    .containsExactlyInAnyOrderElementsOf(RandomGroups.subscribedPartitions(topics, subs));
            for (Map.Entry<TopicPartition, String> e : owners.entrySet()) {
                assertThat(subs.get(e.getValue()).topics()).as("seed %d", seed).contains(e.getKey().topic());
            }
            // No partition could go to an eligible member with at least two fewer partitions.
            for (Map.Entry<TopicPartition, String> e : owners.entrySet()) {
                int from = result.get(e.getValue()).size();
                for (Map.Entry<String, Subscription> other : subs.entrySet()) {
                    if (other.getValue().topics().contains(e.getKey().topic())) {
                        assertThat(result.get(other.getKey()).size()).as("seed %d: %s could move from %s to %s",
                                seed, e.getKey(), e.getValue(), other.getKey()).isGreaterThanOrEqualTo(from - 1);
                    }
                }
            }
        }
    }

    @Test
    void membersComingAndGoingMoveFewPartitionsAndNeverTwoOwnersAtOnce() {
        int stickyMoves = 0;
        int rangeMoves = 0;
        for (int seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            Map<String, Integer> topics = RandomGroups.topics(random, 3, 12);
            Simulation sim = new Simulation(topics);
            List<String> members = new ArrayList<>();
            int next = 0;
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                members.add("m" + next++);
            }
            sim.rebalance(members, seed);
            for (int step = 0; step < 15; step++) {
                Map<TopicPartition, String> stickyBefore = sim.owners();
                Map<TopicPartition, String> rangeBefore = rangeOwners(topics, members);
                String added = null;
                if (members.size() > 1 && random.nextBoolean()) {
                    members.remove(random.nextInt(members.size()));
                } else {
                    added = "m" + next++;
                    members.add(added);
                }
                sim.rebalance(members, seed);
                int moved = moves(stickyBefore, sim.owners(), members);
                // Optimal stickiness: a leaver's partitions are the only ones to move; a newcomer's share is
                // all that moves when it joins.
                assertThat(moved).as("seed %d step %d", seed, step)
                        .isEqualTo(added == null ? 0 : sim.owned.get(added).size());
                stickyMoves += moved;
                rangeMoves += moves(rangeBefore, rangeOwners(topics, members), members);
            }
        }
        assertThat(stickyMoves).isLessThan(rangeMoves * 3 / 4);
    }

    @Test
    void claimsOfAnOlderGenerationAreIgnoredAndDisputedOnesWithheld() {
        Map<String, Integer> topics = Map.of("t", 4);
        TopicPartition t0 = new TopicPartition("t", 0);
        TopicPartition t1 = new TopicPartition("t", 1);
        Map<String, Subscription> subs = new LinkedHashMap<>();
        // a (generation 5) and b (generation 5) both claim t-0: neither keeps it in this rebalance.
        subs.put("a", new Subscription(List.of("t"), null, List.of(t0), 5, null, null));
        subs.put("b", new Subscription(List.of("t"), null, List.of(t0, t1), 5, null, null));
        // c is from generation 3: its claim on t-1 is stale (b owns it in generation 5).
        subs.put("c", new Subscription(List.of("t"), null, List.of(t1), 3, null, null));
        Map<String, List<TopicPartition>> result = RandomGroups.partitions(
                new CooperativeStickyAssignor().assign(topics, subs));
        assertThat(result.values().stream().flatMap(List::stream)).doesNotContain(t0);
        assertThat(result.get("c")).doesNotContain(t1);
        assertThat(result.get("a")).doesNotContain(t1);
    }

    @Test
    void aMovingPartitionIsOnlyRevokedInTheFirstRebalance() {
        Map<String, Integer> topics = Map.of("t", 4);
        List<TopicPartition> all = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1),
                new TopicPartition("t", 2), new TopicPartition("t", 3));
        Map<String, Subscription> subs = new LinkedHashMap<>();
        subs.put("a", new Subscription(List.of("t"), null, all, 1, null, null));
        subs.put("b", new Subscription(List.of("t"), null, List.of(), -1, null, null));
        Map<String, List<TopicPartition>> first = RandomGroups.partitions(
                new CooperativeStickyAssignor().assign(topics, subs));
        assertThat(first.get("a")).hasSize(2);
        assertThat(first.get("b")).isEmpty(); // what b will get is still a's
        subs.put("a", new Subscription(List.of("t"), null, first.get("a"), 2, null, null));
        Map<String, List<TopicPartition>> second = RandomGroups.partitions(
                new CooperativeStickyAssignor().assign(topics, subs));
        assertThat(second.get("a")).isEqualTo(first.get("a"));
        assertThat(second.get("b")).hasSize(2).doesNotContainAnyElementsOf(first.get("a"));
    }

    private static Map<String, Subscription> withRandomOwnership(Random random, Map<String, Integer> topics,
                                                                 Map<String, Subscription> subs) {
        Map<String, Subscription> out = new LinkedHashMap<>();
        List<String> members = new ArrayList<>(subs.keySet());
        Map<String, List<TopicPartition>> owned = new HashMap<>();
        members.forEach(m -> owned.put(m, new ArrayList<>()));
        topics.forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                String m = members.get(random.nextInt(members.size()));
                if (subs.get(m).topics().contains(t) && random.nextBoolean()) {
                    owned.get(m).add(new TopicPartition(t, p));
                }
            }
        });
        subs.forEach((m, s) -> out.put(m, new Subscription(s.topics(), null, owned.get(m), 1, null,
                s.groupInstanceId())));
        return out;
    }

    /** The same subscriptions, where no partition is withheld (claims moved to the same members). */
    private static Map<String, Subscription> withoutClaims(Map<String, Subscription> subs) {
        Map<String, Subscription> out = new LinkedHashMap<>();
        subs.forEach((m, s) -> out.put(m, new Subscription(s.topics(), null, List.of(), -1, null,
                s.groupInstanceId())));
        return out;
    }

    private static void assertBalanced(Map<String, List<TopicPartition>> result, int seed) {
        int min = result.values().stream().mapToInt(List::size).min().orElse(0);
        int max = result.values().stream().mapToInt(List::size).max().orElse(0);
        assertThat(max - min).as("seed %d balance %s", seed, result).isLessThanOrEqualTo(1);
    }

    private static Map<TopicPartition, String> rangeOwners(Map<String, Integer> topics, List<String> members) {
        Map<String, Subscription> subs = new LinkedHashMap<>();
        for (String m : members) {
            subs.put(m, Subscription.of(new ArrayList<>(topics.keySet())));
        }
        return RandomGroups.owners(RandomGroups.partitions(new RangeAssignor().assign(topics, subs)));
    }

    /** Partitions that changed owner although their old owner is still in the group. */
    private static int moves(Map<TopicPartition, String> before, Map<TopicPartition, String> after,
                             List<String> members) {
        int n = 0;
        for (Map.Entry<TopicPartition, String> e : before.entrySet()) {
            if (members.contains(e.getValue()) && !e.getValue().equals(after.get(e.getKey()))) {
                n++;
            }
        }
        return n;
    }

    /** Members following the cooperative protocol: revoke what is not assigned, rejoin while anything was revoked. */
    private static final class Simulation {
        private final Map<String, Integer> topics;
        private final Map<String, CooperativeStickyAssignor> assignors = new HashMap<>();
        private final Map<String, Set<TopicPartition>> owned = new LinkedHashMap<>();
        private int generation;

        Simulation(Map<String, Integer> topics) {
            this.topics = topics;
        }

        void rebalance(List<String> members, int seed) {
            owned.keySet().retainAll(members);
            for (String m : members) {
                owned.computeIfAbsent(m, k -> new LinkedHashSet<>());
                assignors.computeIfAbsent(m, k -> new CooperativeStickyAssignor());
            }
            for (int round = 1; ; round++) {
                assertThat(round).as("seed %d: converges within two rebalances", seed).isLessThanOrEqualTo(2);
                Map<String, Subscription> subs = new LinkedHashMap<>();
                for (String m : members) {
                    CooperativeStickyAssignor a = assignors.get(m);
                    subs.put(m, new Subscription(new ArrayList<>(topics.keySet()),
                            a.subscriptionUserData(topics.keySet()), new ArrayList<>(owned.get(m)), a.generation(),
                            null, null));
                }
                Map<String, Assignment> result = assignors.get(members.get(0)).assign(topics, subs);
                generation++;
                boolean revoked = false;
                for (String m : members) {
                    Set<TopicPartition> assigned = new LinkedHashSet<>(result.get(m).partitions());
                    for (TopicPartition tp : assigned) {
                        for (String other : members) {
                            if (!other.equals(m)) {
                                assertThat(owned.get(other)).as("seed %d: %s given to %s while %s owns it", seed,
                                        tp, m, other).doesNotContain(tp);
                            }
                        }
                    }
                    revoked |= !assigned.containsAll(owned.get(m));
                }
                for (String m : members) {
                    owned.put(m, new LinkedHashSet<>(result.get(m).partitions()));
                    assignors.get(m).onAssignment(result.get(m), generation);
                }
                if (!revoked) {
                    break;
                }
            }
            Map<String, List<TopicPartition>> now = new LinkedHashMap<>();
            owned.forEach((m, s) -> now.put(m, new ArrayList<>(s)));
            List<TopicPartition> all = new ArrayList<>();
            topics.forEach((t, n) -> {
                for (int p = 0; p < n; p++) {
                    all.add(new TopicPartition(t, p));
                }
            });
            assertThat(RandomGroups.owners(now).keySet()).as("seed %d complete", seed)
                    .containsExactlyInAnyOrderElementsOf(all);
            assertBalanced(now, seed);
        }

        Map<TopicPartition, String> owners() {
            Map<String, List<TopicPartition>> now = new LinkedHashMap<>();
            owned.forEach((m, s) -> now.put(m, new ArrayList<>(s)));
            return RandomGroups.owners(now);
        }
    }
}
