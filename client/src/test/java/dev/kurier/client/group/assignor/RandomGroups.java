package dev.kurier.client.group.assignor;

import dev.kurier.client.common.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random but reproducible groups for the assignor property tests. */
final class RandomGroups {

    private RandomGroups() {
    }

    /** Topic name to partition count: 1 to {@code maxTopics} topics of 1 to {@code maxPartitions} partitions. */
    static Map<String, Integer> topics(Random random, int maxTopics, int maxPartitions) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        int n = 1 + random.nextInt(maxTopics);
        for (int i = 0; i < n; i++) {
            topics.put("t" + i, 1 + random.nextInt(maxPartitions));
        }
        return topics;
    }

    /**
     * {@code members} members; with {@code sameTopics} all subscribe to every topic, else each to a random
     * non-empty subset (plus, sometimes, a topic that does not exist). Some members are static.
     */
    static Map<String, Subscription> subscriptions(Random random, Map<String, Integer> topics, int members,
                                                   boolean sameTopics) {
        Map<String, Subscription> subs = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(topics.keySet());
        for (int i = 0; i < members; i++) {
            List<String> mine = new ArrayList<>();
            if (sameTopics) {
                mine.addAll(names);
            } else {
                for (String t : names) {
                    if (random.nextBoolean()) {
                        mine.add(t);
                    }
                }
                if (mine.isEmpty()) {
                    mine.add(names.get(random.nextInt(names.size())));
                }
                if (random.nextInt(5) == 0) {
                    mine.add("missing-topic");
                }
            }
            String memberId = "member-" + Integer.toHexString(random.nextInt(1 << 20)) + "-" + i;
            String instance = random.nextInt(4) == 0 ? "instance-" + random.nextInt(100) + "-" + i : null;
            subs.put(memberId, new Subscription(mine, null, List.of(), -1, null, instance));
        }
        return subs;
    }

    /** Every partition of {@code topics} that at least one member subscribes to. */
    static List<TopicPartition> subscribedPartitions(Map<String, Integer> topics, Map<String, Subscription> subs) {
        List<TopicPartition> out = new ArrayList<>();
        topics.forEach((t, n) -> {
            boolean wanted = subs.values().stream().anyMatch(s -> s.topics().contains(t));
            for (int p = 0; wanted && p < n; p++) {
                out.add(new TopicPartition(t, p));
            }
        });
        return out;
    }

    /** Partition to owner, failing on a partition given twice. */
    static Map<TopicPartition, String> owners(Map<String, List<TopicPartition>> assignment) {
        Map<TopicPartition, String> owners = new HashMap<>();
        assignment.forEach((m, parts) -> parts.forEach(tp -> {
            String other = owners.put(tp, m);
            if (other != null) {
                throw new AssertionError(tp + " assigned to both " + other + " and " + m);
            }
        }));
        return owners;
    }

    static Map<String, List<TopicPartition>> partitions(Map<String, Assignment> assignment) {
        Map<String, List<TopicPartition>> out = new LinkedHashMap<>();
        assignment.forEach((m, a) -> out.put(m, a.partitions()));
        return out;
    }
}
