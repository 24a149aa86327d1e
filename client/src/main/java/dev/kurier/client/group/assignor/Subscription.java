package dev.kurier.client.group.assignor;

import dev.kurier.client.common.TopicPartition;
import java.util.List;
import java.util.Objects;

/**
 * One member's subscription as the group leader's assignor sees it: what it wants, what it owns now, and the
 * assignor's own data. Decoded from the member's JoinGroup metadata (the consumer protocol's
 * {@code ConsumerProtocolSubscription}).
 *
 * @param topics          the topics the member subscribes to
 * @param userData        data the member's assignor added ({@link ConsumerPartitionAssignor#subscriptionUserData}),
 *                        or {@code null}; not copied
 * @param ownedPartitions the partitions the member owns now (sent by cooperative members; empty otherwise)
 * @param generationId    the generation in which the member got {@code ownedPartitions}, or -1
 * @param rackId          the member's rack ({@code client.rack}), or {@code null}
 * @param groupInstanceId the member's static id ({@code group.instance.id}), or {@code null}
 */
public record Subscription(List<String> topics, byte[] userData, List<TopicPartition> ownedPartitions,
        int generationId, String rackId, String groupInstanceId) {

    /** Copies the lists. */
    public Subscription {
        topics = List.copyOf(Objects.requireNonNull(topics, "topics"));
        ownedPartitions = ownedPartitions == null ? List.of() : List.copyOf(ownedPartitions);
    }

    /** A subscription to {@code topics} that owns nothing and has no generation (for tests and tools). */
    public static Subscription of(List<String> topics) {
        return new Subscription(topics, null, List.of(), -1, null, null);
    }
}
