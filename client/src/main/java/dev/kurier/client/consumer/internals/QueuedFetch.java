package dev.kurier.client.consumer.internals;

/**
 * One partition's share of one fetch response, waiting in its {@link PartitionQueue} or being handed out by poll.
 * Its records and bytes count against the queue's bounds until the poller is {@link PartitionQueue#done done} with it.
 *
 * @param records the lazily decoded batches; owns the buffer (released when exhausted or closed)
 * @param recordCount records counted from the batch headers
 * @param bytes bytes of the kept batches
 * @param endOffset the offset after the last batch: the consumer's position once this is handed out
 */
record QueuedFetch(FetchedRecords records, int recordCount, int bytes, long endOffset) {
}
