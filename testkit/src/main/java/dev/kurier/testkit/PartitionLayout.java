package dev.kurier.testkit;

import java.util.List;

/**
 * One partition of a topic as a broker reports it in its metadata.
 *
 * @param partition the partition index
 * @param leader    the leader's node id, or -1 when the partition has no leader
 * @param replicas  the replica node ids, preferred leader first
 * @param isr       the in-sync replica node ids
 */
public record PartitionLayout(int partition, int leader, List<Integer> replicas, List<Integer> isr) {

    /** Copies the lists. */
    public PartitionLayout {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** Whether the partition has a leader. */
    public boolean hasLeader() {
        return leader >= 0;
    }
}
