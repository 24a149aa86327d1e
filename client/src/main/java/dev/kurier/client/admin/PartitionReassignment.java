package dev.kurier.client.admin;

import java.util.List;

/**
 * A partition reassignment in progress.
 *
 * @param replicas the replicas now
 * @param addingReplicas the replicas being added
 * @param removingReplicas the replicas being removed
 */
public record PartitionReassignment(List<Integer> replicas, List<Integer> addingReplicas, List<Integer> removingReplicas) {
}
