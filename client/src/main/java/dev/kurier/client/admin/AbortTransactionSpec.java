package dev.kurier.client.admin;

import dev.kurier.client.common.TopicPartition;

/**
 * A transaction to abort on one partition, as {@link Admin#describeProducers} shows it: for a hanging transaction
 * whose producer and coordinator are gone, so that the partition's last stable offset can move on.
 *
 * @param partition the partition
 * @param producerId the producer id of the open transaction
 * @param producerEpoch its epoch
 * @param coordinatorEpoch the coordinator epoch the producer state shows
 */
public record AbortTransactionSpec(TopicPartition partition, long producerId, short producerEpoch,
                                   int coordinatorEpoch) {
}
