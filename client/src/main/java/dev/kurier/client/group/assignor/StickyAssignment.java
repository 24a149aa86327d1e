package dev.kurier.client.group.assignor;

import dev.kurier.client.common.TopicPartition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sticky assignment algorithm: a balanced assignment that keeps as many partitions as possible with the
 * member that owns them now.
 *
 * <p>Ownership claims are validated first, the way kafka-clients' sticky assignors do: only members of the
 * newest generation present keep their claims, a partition two of them claim is owned by neither, and a claim
 * on a partition that no longer exists or that its owner no longer subscribes to is dropped.
 *
 * <p>When every member subscribes to the same topics, each gets {@code N / M} or {@code N / M + 1} of the
 * {@code N} partitions (balance within one), keeping what it owns up to that quota. Otherwise partitions are
 * first kept or given to the least-loaded eligible member, then moved along chains of eligible members
 * (shortest first, newly assigned partitions before owned ones) from a member to any member with at least two
 * fewer partitions, until no such chain exists. Every move lowers the sum of squared loads, so this ends.
 */
final class StickyAssignment {

    private static final Comparator<TopicPartition> ORDER = Comparator.naturalOrder();

    private final Map<String, Integer> partitionsPerTopic;
    private final Map<String, Subscription> subscriptions;
    private final List<String> members;
    private final Map<String, Set<String>> topicsOf = new HashMap<>();
    /** Valid claims: partition to its current owner. */
    private final Map<TopicPartition, String> owner = new HashMap<>();

    private StickyAssignment(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions,
                             Map<String, Integer> generations) {
        this.partitionsPerTopic = partitionsPerTopic;
        this.subscriptions = subscriptions;
        this.members = MemberOrder.sorted(subscriptions);
        for (String m : members) {
            Set<String> topics = new HashSet<>();
            for (String t : subscriptions.get(m).topics()) {
                Integer n = partitionsPerTopic.get(t);
                if (n != null && n > 0) {
                    topics.add(t);
                }
            }
            topicsOf.put(m, topics);
        }
        validateClaims(generations);
    }

    /**
     * Computes the assignment.
     *
     * @param generations each member's generation (-1 if unknown), used to validate its claims
     * @return partitions per member id, for every member
     */
    static Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
                                                    Map<String, Subscription> subscriptions,
                                                    Map<String, Integer> generations) {
        if (subscriptions.isEmpty()) {
            return new LinkedHashMap<>();
        }
        StickyAssignment s = new StickyAssignment(partitionsPerTopic, subscriptions, generations);
        Map<String, LinkedHashSet<TopicPartition>> result = s.sameSubscriptions() ? s.constrained() : s.general();
        Map<String, List<TopicPartition>> out = new LinkedHashMap<>();
        for (String m : s.members) {
            List<TopicPartition> list = new ArrayList<>(result.get(m));
            list.sort(ORDER);
            out.put(m, list);
        }
        return out;
    }

    private void validateClaims(Map<String, Integer> generations) {
        int maxGeneration = -1;
        for (String m : members) {
            maxGeneration = Math.max(maxGeneration, generations.getOrDefault(m, -1));
        }
        Set<TopicPartition> disputed = new HashSet<>();
        for (String m : members) {
            if (generations.getOrDefault(m, -1) != maxGeneration) {
                continue; // an older generation's claims may have been handed on since
            }
            for (TopicPartition tp : subscriptions.get(m).ownedPartitions()) {
                if (!exists(tp) || !topicsOf.get(m).contains(tp.topic()) || disputed.contains(tp)) {
                    continue;
                }
                String previous = owner.putIfAbsent(tp, m);
                if (previous != null && !previous.equals(m)) {
                    owner.remove(tp);
                    disputed.add(tp);
                }
            }
        }
    }

    private boolean exists(TopicPartition tp) {
        Integer n = partitionsPerTopic.get(tp.topic());
        return n != null && tp.partition() < n;
    }

    private boolean sameSubscriptions() {
        Set<String> first = topicsOf.get(members.get(0));
        for (String m : members) {
            if (!topicsOf.get(m).equals(first)) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitionsOf(Set<String> topics) {
        List<TopicPartition> all = new ArrayList<>();
        for (String t : new TreeSet<>(topics)) {
            for (int p = 0; p < partitionsPerTopic.get(t); p++) {
                all.add(new TopicPartition(t, p));
            }
        }
        return all;
    }

    private Map<String, List<TopicPartition>> ownedByMember() {
        Map<String, List<TopicPartition>> owned = new HashMap<>();
        for (String m : members) {
            owned.put(m, new ArrayList<>());
        }
        owner.forEach((tp, m) -> owned.get(m).add(tp));
        owned.values().forEach(l -> l.sort(ORDER));
        return owned;
    }

    /** Every member subscribes to the same topics: quotas of N/M and N/M+1. */
    private Map<String, LinkedHashSet<TopicPartition>> constrained() {
        List<TopicPartition> all = partitionsOf(topicsOf.get(members.get(0)));
        int memberCount = members.size();
        int minQuota = all.size() / memberCount;
        int extraSlots = all.size() % memberCount;
        Map<String, List<TopicPartition>> owned = ownedByMember();
        Map<String, LinkedHashSet<TopicPartition>> result = new LinkedHashMap<>();
        Set<TopicPartition> taken = new HashSet<>();
        for (String m : members) {
            LinkedHashSet<TopicPartition> kept = new LinkedHashSet<>();
            List<TopicPartition> mine = owned.get(m);
            for (int i = 0; i < Math.min(minQuota, mine.size()); i++) {
                kept.add(mine.get(i));
            }
            taken.addAll(kept);
            result.put(m, kept);
        }
        // Members that owned more than the minimum keep one more while the N % M larger quotas last.
        for (String m : members) {
            List<TopicPartition> mine = owned.get(m);
            if (extraSlots > 0 && mine.size() > minQuota) {
                TopicPartition tp = mine.get(minQuota);
                result.get(m).add(tp);
                taken.add(tp);
                extraSlots--;
            }
        }
        ArrayDeque<TopicPartition> free = new ArrayDeque<>();
        for (TopicPartition tp : all) {
            if (!taken.contains(tp)) {
                free.add(tp);
            }
        }
        for (String m : members) {
            LinkedHashSet<TopicPartition> mine = result.get(m);
            while (mine.size() < minQuota && !free.isEmpty()) {
                mine.add(free.poll());
            }
        }
        for (String m : members) {
            if (free.isEmpty() || extraSlots == 0) {
                break;
            }
            LinkedHashSet<TopicPartition> mine = result.get(m);
            if (mine.size() == minQuota) {
                mine.add(free.poll());
                extraSlots--;
            }
        }
        return result;
    }

    /** Members subscribe to different topics: greedy placement, then rebalancing along chains of eligible members. */
    private Map<String, LinkedHashSet<TopicPartition>> general() {
        Map<String, LinkedHashSet<TopicPartition>> result = new LinkedHashMap<>();
        for (String m : members) {
            result.put(m, new LinkedHashSet<>());
        }
        Set<String> allTopics = new HashSet<>();
        topicsOf.values().forEach(allTopics::addAll);
        Map<String, List<String>> eligibleByTopic = new HashMap<>();
        for (String t : allTopics) {
            List<String> eligible = new ArrayList<>();
            for (String m : members) {
                if (topicsOf.get(m).contains(t)) {
                    eligible.add(m);
                }
            }
            eligibleByTopic.put(t, eligible);
        }
        owner.forEach((tp, m) -> result.get(m).add(tp));
        List<TopicPartition> unassigned = new ArrayList<>();
        for (TopicPartition tp : partitionsOf(allTopics)) {
            if (!owner.containsKey(tp)) {
                unassigned.add(tp);
            }
        }
        // Hardest to place first: partitions few members may take.
        unassigned.sort(Comparator.<TopicPartition>comparingInt(tp -> eligibleByTopic.get(tp.topic()).size())
                .thenComparing(ORDER));
        for (TopicPartition tp : unassigned) {
            String best = null;
            for (String m : eligibleByTopic.get(tp.topic())) {
                if (best == null || result.get(m).size() < result.get(best).size()) {
                    best = m;
                }
            }
            result.get(best).add(tp);
        }
        while (shiftOne(result, eligibleByTopic)) {
            // each shift strictly lowers the sum of squared loads
        }
        return result;
    }

    /** Finds one chain from a loaded member to a member with at least two fewer partitions and shifts along it. */
    private boolean shiftOne(Map<String, LinkedHashSet<TopicPartition>> result,
                             Map<String, List<String>> eligibleByTopic) {
        List<String> byLoad = new ArrayList<>(members);
        byLoad.sort(Comparator.<String>comparingInt(m -> result.get(m).size()).reversed());
        for (String source : byLoad) {
            int limit = result.get(source).size() - 2;
            if (limit < 0) {
                return false; // sorted by load: nobody after this one can give
            }
            Map<String, String> parent = new HashMap<>();
            Map<String, TopicPartition> via = new HashMap<>();
            ArrayDeque<String> queue = new ArrayDeque<>();
            queue.add(source);
            parent.put(source, null);
            String target = null;
            search:
            while (!queue.isEmpty()) {
                String from = queue.poll();
                for (TopicPartition tp : movable(from, result.get(from))) {
                    for (String to : eligibleByTopic.get(tp.topic())) {
                        if (parent.containsKey(to)) {
                            continue;
                        }
                        parent.put(to, from);
                        via.put(to, tp);
                        if (result.get(to).size() <= limit) {
                            target = to;
                            break search;
                        }
                        queue.add(to);
                    }
                }
            }
            if (target != null) {
                for (String to = target; parent.get(to) != null; to = parent.get(to)) {
                    TopicPartition tp = via.get(to);
                    result.get(parent.get(to)).remove(tp);
                    result.get(to).add(tp);
                }
                return true;
            }
        }
        return false;
    }

    /** A member's partitions, those it did not own before this rebalance first (moving them costs nothing). */
    private List<TopicPartition> movable(String member, Set<TopicPartition> partitions) {
        List<TopicPartition> fresh = new ArrayList<>();
        List<TopicPartition> kept = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            (member.equals(owner.get(tp)) ? kept : fresh).add(tp);
        }
        fresh.addAll(kept);
        return fresh;
    }
}
