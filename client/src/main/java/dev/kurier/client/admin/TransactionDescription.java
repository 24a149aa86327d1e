package dev.kurier.client.admin;

import dev.kurier.client.common.TopicPartition;
import java.util.List;

/**
 * A transactional id as its coordinator describes it.
 *
 * @param transactionalId the transactional id
 * @param state the transaction state
 * @param timeoutMs the transaction timeout
 * @param startTimeMs when the open transaction started, or -1
 * @param producerId the producer id
 * @param producerEpoch the producer epoch
 * @param partitions the partitions in the open transaction
 */
public record TransactionDescription(String transactionalId, String state, int timeoutMs, long startTimeMs,
                                     long producerId, short producerEpoch, List<TopicPartition> partitions) {
}
