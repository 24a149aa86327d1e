package dev.kurier.client.group;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.group.assignor.Assignment;
import dev.kurier.client.group.assignor.Subscription;
import dev.kurier.client.protocol.ConsumerProtocol;
import dev.kurier.client.protocol.ConsumerProtocolAssignment;
import dev.kurier.client.protocol.ConsumerProtocolSubscription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts between the assignor's view ({@link Subscription}, {@link Assignment}) and the consumer protocol's
 * wire records, grouping partitions by topic as kafka-clients does.
 */
final class ProtocolMapping {

    private ProtocolMapping() {
    }

    /** JoinGroup metadata bytes (subscription v3, what kafka-clients 4.x writes). */
    static byte[] subscriptionBytes(List<String> topics, byte[] userData, Collection<TopicPartition> owned,
                                    int generationId, String rackId) {
        return new ConsumerProtocolSubscription(topics, userData, group(owned), generationId, rackId)
                .toBytes(ConsumerProtocol.LATEST_VERSION);
    }

    /** A member's subscription from its JoinGroup metadata. */
    static Subscription subscription(byte[] metadata, String groupInstanceId) {
        ConsumerProtocolSubscription s = ConsumerProtocolSubscription.fromBytes(metadata);
        return new Subscription(s.topics(), s.userData(), ungroup(s.ownedPartitions()), s.generationId(),
                s.rackId() == null || s.rackId().isEmpty() ? null : s.rackId(), groupInstanceId);
    }

    /** SyncGroup assignment bytes (assignment v3). */
    static byte[] assignmentBytes(Assignment assignment) {
        return new ConsumerProtocolAssignment(group(assignment.partitions()), assignment.userData())
                .toBytes(ConsumerProtocol.LATEST_VERSION);
    }

    /** This member's assignment from SyncGroup; empty bytes (the leader sent nothing for us) mean no partitions. */
    static Assignment assignment(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Assignment.of(List.of());
        }
        ConsumerProtocolAssignment a = ConsumerProtocolAssignment.fromBytes(bytes);
        return new Assignment(ungroup(a.assignedPartitions()), a.userData());
    }

    static List<ConsumerProtocol.TopicPartitions> group(Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<ConsumerProtocol.TopicPartitions> out = new ArrayList<>();
        byTopic.forEach((t, ps) -> out.add(new ConsumerProtocol.TopicPartitions(t, ps)));
        return out;
    }

    static List<TopicPartition> ungroup(List<ConsumerProtocol.TopicPartitions> grouped) {
        List<TopicPartition> out = new ArrayList<>();
        for (ConsumerProtocol.TopicPartitions tps : grouped) {
            for (int p : tps.partitions()) {
                out.add(new TopicPartition(tps.topic(), p));
            }
        }
        return out;
    }
}
