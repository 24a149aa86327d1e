package dev.kurier.client.group.assignor;

import dev.kurier.client.common.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kafka-clients' {@code range} assignor: topic by topic, the members subscribed to it (in {@link MemberOrder})
 * get consecutive ranges of its partitions, the first {@code partitions % members} of them one more. Members
 * subscribed to the same co-partitioned topics therefore get the same partition numbers of each, which is
 * what joins across topics need. Eager only.
 */
public final class RangeAssignor implements ConsumerPartitionAssignor {

    /** The protocol name. */
    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic,
                                          Map<String, Subscription> subscriptions) {
        Map<String, List<TopicPartition>> out = new LinkedHashMap<>();
        Map<String, List<String>> membersPerTopic = new TreeMap<>();
        for (String member : MemberOrder.sorted(subscriptions)) {
            out.put(member, new ArrayList<>());
            for (String topic : subscriptions.get(member).topics()) {
                List<String> members = membersPerTopic.computeIfAbsent(topic, t -> new ArrayList<>());
                if (!members.contains(member)) {
                    members.add(member);
                }
            }
        }
        for (Map.Entry<String, List<String>> e : membersPerTopic.entrySet()) {
            Integer count = partitionsPerTopic.get(e.getKey());
            if (count == null || count <= 0) {
                continue;
            }
            List<String> members = e.getValue();
            int per = count / members.size();
            int extra = count % members.size();
            for (int i = 0; i < members.size(); i++) {
                int start = per * i + Math.min(i, extra);
                int length = per + (i < extra ? 1 : 0);
                List<TopicPartition> list = out.get(members.get(i));
                for (int p = start; p < start + length; p++) {
                    list.add(new TopicPartition(e.getKey(), p));
                }
            }
        }
        Map<String, Assignment> result = new LinkedHashMap<>();
        out.forEach((member, partitions) -> result.put(member, Assignment.of(partitions)));
        return result;
    }
}
