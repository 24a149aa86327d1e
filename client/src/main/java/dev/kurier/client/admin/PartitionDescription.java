package dev.kurier.client.admin;

import java.util.List;

/**
 * One partition of a described topic.
 *
 * @param partition the partition index
 * @param leader the leader's broker id, or -1 when there is none
 * @param leaderEpoch the leader epoch
 * @param replicas the replicas' broker ids, preferred leader first
 * @param isr the in-sync replicas
 * @param offlineReplicas the replicas that are offline
 */
public record PartitionDescription(int partition, int leader, int leaderEpoch, List<Integer> replicas,
                                   List<Integer> isr, List<Integer> offlineReplicas) {
}
