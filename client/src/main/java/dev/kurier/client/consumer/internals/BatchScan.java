package dev.kurier.client.consumer.internals;

import io.netty.buffer.ByteBuf;

/**
 * What the batch headers of one partition's fetched data say, read without decoding a record: how many leading bytes
 * hold complete batches worth keeping, how many records they add at or after the fetch offset, and the offset to fetch
 * next. Used to count queued records ({@code queued.max.messages}) and to cut a fetch at that bound on a batch edge.
 *
 * @param keepBytes leading bytes to keep: whole batches only (a trailing partial batch is dropped)
 * @param records records in the kept batches at or after the fetch offset (control records included)
 * @param nextOffset the offset after the last kept batch, or the fetch offset when nothing new was kept
 * @param largestBatch the size of the largest batch seen, including a trailing partial one whose header says how
 *                     big it is (a fetch limit below it cannot return it whole); 0 if none
 * @param lastEpoch the partition leader epoch of the last kept batch (sent back as the last fetched epoch, KIP-320),
 *                  -1 when none was kept or it predates epochs
 */
record BatchScan(int keepBytes, int records, long nextOffset, int largestBatch, int lastEpoch) {

    /** Batch header layout (v2): baseOffset 0, batchLength 8, magic 16, lastOffsetDelta 23, recordsCount 57. */
    private static final int LOG_OVERHEAD = 12;
    private static final int V2_HEADER = 61;

    /**
     * Scans {@code buf} from its reader index (not moving it), keeping whole batches until {@code room} records have
     * been counted: the batch that reaches the bound is kept whole, so at most {@code room - 1} plus one batch.
     * A length that runs past the end (a partial batch, or a damaged one) stops the scan.
     */
    static BatchScan scan(ByteBuf buf, long fetchOffset, int room) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int pos = start;
        long next = fetchOffset;
        long records = 0;
        int largest = 0;
        int lastEpoch = -1;
        while (end - pos >= LOG_OVERHEAD && records < room) {
            long base = buf.getLong(pos);
            int length = buf.getInt(pos + 8);
            if (length >= V2_HEADER - LOG_OVERHEAD && length <= Integer.MAX_VALUE - LOG_OVERHEAD) {
                largest = Math.max(largest, LOG_OVERHEAD + length);
            }
            if (length < 0 || (long) end - pos - LOG_OVERHEAD < length) {
                break;
            }
            long last;
            long count;
            int epoch;
            if (length >= V2_HEADER - LOG_OVERHEAD && buf.getByte(pos + 16) >= 2) {
                last = base + buf.getInt(pos + 23);
                count = Math.max(0, buf.getInt(pos + 57));
                epoch = buf.getInt(pos + LOG_OVERHEAD);
            } else {
                last = base; // legacy message set: the wrapper's offset is its last one
                count = 1;
                epoch = -1;
            }
            pos += LOG_OVERHEAD + length;
            if (last < next) {
                continue; // wholly before the fetch offset: skipped when decoded
            }
            records += Math.min(count, last - Math.max(base, next) + 1);
            next = last + 1;
            lastEpoch = epoch;
        }
        return new BatchScan(pos - start, (int) Math.min(Integer.MAX_VALUE, records), next, largest, lastEpoch);
    }
}
