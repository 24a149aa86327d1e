package dev.kurier.client.consumer.internals;

/**
 * One partition's share of one fetch response, waiting in its {@link PartitionQueue} or being handed out by poll.
 * What it still counts against the queue's bounds shrinks as poll hands its records out
 * ({@link Fetcher#progress}), and is gone once the poller is {@link Fetcher#done done} with it.
 */
final class QueuedFetch {

    /** The lazily decoded batches; owns the buffer (released when exhausted or closed). */
    final FetchedRecords records;
    /** Records counted from the batch headers. */
    final int recordCount;
    /** Bytes of the kept batches. */
    final int bytes;
    /** The offset after the last batch: the consumer's position once this is handed out. */
    final long endOffset;
    /** Records and bytes still counted against the queue; guarded by the fetcher's lock. */
    int countedRecords;
    long countedBytes;

    QueuedFetch(FetchedRecords records, int recordCount, int bytes, long endOffset) {
        this.records = records;
        this.recordCount = recordCount;
        this.bytes = bytes;
        this.endOffset = endOffset;
        this.countedRecords = recordCount;
        this.countedBytes = bytes;
    }
}
