package dev.kurier.spring.listener;

/**
 * Where a consumer stands in one partition, for meters: one immutable snapshot, taken on the polling thread.
 * Unknown values are -1.
 *
 * @param committed        the group's committed offset as last seen
 * @param position         the next offset the consumer fetches or hands out
 * @param endOffset        the end of the partition (high watermark)
 * @param lag              records behind the end (for a listener: from the first unacknowledged record)
 * @param lagSeconds       how old the oldest record not yet processed is, in seconds; 0 when caught up
 * @param fetchQueueRecords records fetched and waiting in the consumer's bounded per-partition queue
 * @param fetchQueueBytes  record-batch bytes in that queue
 */
public record PartitionProgress(long committed, long position, long endOffset, long lag, double lagSeconds,
                                long fetchQueueRecords, long fetchQueueBytes) {
}
