package dev.kurier.client.group.assignor;

import dev.kurier.client.common.TopicPartition;
import java.util.List;
import java.util.Objects;

/**
 * The partitions the leader's assignor gives one member, carried to it through SyncGroup (the consumer
 * protocol's {@code ConsumerProtocolAssignment}).
 *
 * @param partitions the partitions assigned
 * @param userData   assignor-specific data for the member, or {@code null}; not copied
 */
public record Assignment(List<TopicPartition> partitions, byte[] userData) {

    /** Copies the partition list. */
    public Assignment {
        partitions = List.copyOf(Objects.requireNonNull(partitions, "partitions"));
    }

    /** An assignment of {@code partitions} without user data. */
    public static Assignment of(List<TopicPartition> partitions) {
        return new Assignment(partitions, null);
    }
}
