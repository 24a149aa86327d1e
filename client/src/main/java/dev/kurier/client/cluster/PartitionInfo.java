package dev.kurier.client.cluster;

import dev.kurier.client.common.TopicPartition;
import java.util.List;

/**
 * One partition as of the last metadata response.
 *
 * @param partition    the topic-partition
 * @param leader       leader broker id, -1 when there is none right now
 * @param leaderEpoch  the leader epoch, -1 if unknown
 * @param replicas     replica broker ids
 * @param isr          in-sync replica broker ids
 * @param offline      offline replica broker ids
 * @param errorCode    the partition-level error code of the response (0 when fine)
 */
public record PartitionInfo(TopicPartition partition, int leader, int leaderEpoch, List<Integer> replicas,
                            List<Integer> isr, List<Integer> offline, short errorCode) {

    /** Whether the partition has a leader to send to. */
    public boolean hasLeader() {
        return leader >= 0;
    }
}
