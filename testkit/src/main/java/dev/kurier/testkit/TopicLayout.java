package dev.kurier.testkit;

import java.util.List;

/**
 * A topic's partitions as a broker reports them in its metadata.
 *
 * @param name       the topic name
 * @param partitions the partitions, by index
 */
public record TopicLayout(String name, List<PartitionLayout> partitions) {

    /** Copies the list. */
    public TopicLayout {
        partitions = List.copyOf(partitions);
    }

    /** The number of partitions. */
    public int partitionCount() {
        return partitions.size();
    }

    /** The replication factor (replicas of partition 0). */
    public int replicationFactor() {
        return partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    }
}
