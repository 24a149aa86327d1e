package dev.kurier.client.admin;

/**
 * A producer active on a partition, as its leader sees it.
 *
 * @param producerId the producer id
 * @param producerEpoch its epoch
 * @param lastSequence the last sequence it wrote
 * @param lastTimestamp the timestamp of its last write
 * @param coordinatorEpoch the transaction coordinator's epoch, or -1
 * @param currentTransactionStartOffset the first offset of its open transaction, or -1
 */
public record ProducerState(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
                            int coordinatorEpoch, long currentTransactionStartOffset) {
}
