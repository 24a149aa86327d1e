package dev.kurier.client.group.assignor;

import dev.kurier.client.common.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * kafka-clients' {@code roundrobin} assignor: all partitions of all subscribed topics, sorted by topic then
 * partition, dealt out one by one to the members (in {@link MemberOrder}) in a circle, skipping members not
 * subscribed to a partition's topic. Eager only.
 */
public final class RoundRobinAssignor implements ConsumerPartitionAssignor {

    /** The protocol name. */
    public static final String NAME = "roundrobin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic,
                                          Map<String, Subscription> subscriptions) {
        List<String> members = MemberOrder.sorted(subscriptions);
        Map<String, List<TopicPartition>> out = new LinkedHashMap<>();
        TreeSet<String> topics = new TreeSet<>();
        for (String member : members) {
            out.put(member, new ArrayList<>());
            topics.addAll(subscriptions.get(member).topics());
        }
        int next = 0;
        for (String topic : topics) {
            Integer count = partitionsPerTopic.get(topic);
            if (count == null || count <= 0) {
                continue;
            }
            for (int p = 0; p < count; p++) {
                // Some member subscribes to every topic in the set, so this finds one within a full circle.
                while (!subscriptions.get(members.get(next)).topics().contains(topic)) {
                    next = (next + 1) % members.size();
                }
                out.get(members.get(next)).add(new TopicPartition(topic, p));
                next = (next + 1) % members.size();
            }
        }
        Map<String, Assignment> result = new LinkedHashMap<>();
        out.forEach((member, partitions) -> result.put(member, Assignment.of(partitions)));
        return result;
    }
}
