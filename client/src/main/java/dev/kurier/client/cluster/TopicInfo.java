package dev.kurier.client.cluster;

import java.util.List;
import java.util.UUID;

/**
 * One topic as of the last metadata response.
 *
 * @param name       topic name
 * @param topicId    topic id (the zero UUID when the broker sent none)
 * @param internal   whether it is an internal topic (__consumer_offsets, ...)
 * @param partitions partitions in partition order
 */
public record TopicInfo(String name, UUID topicId, boolean internal, List<PartitionInfo> partitions) {

    /** Number of partitions. */
    public int partitionCount() {
        return partitions.size();
    }

    /** Whether every partition has a leader. */
    public boolean allLeadersKnown() {
        for (PartitionInfo p : partitions) {
            if (!p.hasLeader()) {
                return false;
            }
        }
        return !partitions.isEmpty();
    }
}
