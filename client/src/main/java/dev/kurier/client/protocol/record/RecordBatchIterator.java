package dev.kurier.client.protocol.record;

import dev.kurier.client.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the record batches in a records buffer (a Fetch partition's records, a Produce partition's batch). The
 * buffer's readable region is read in place; its reader index is not moved and nothing is copied or retained.
 *
 * <p>A Fetch may end in a partial batch (the broker cuts at the byte limit): iteration stops cleanly before it, and
 * {@link #partialBytes()} tells how many bytes were left over. A batch whose Length is too small to be a batch, or
 * whose magic is not 2, is a {@link ProtocolException}. With {@code checkCrcs} (Kafka's {@code check.crcs}) each
 * batch's CRC-32C is verified before it is returned, raising {@link CorruptRecordException}.
 */
public final class RecordBatchIterator implements Iterator<RecordBatch> {

    private final ByteBuf buf;
    private final int end;
    private final boolean checkCrcs;
    private int position;
    private int nextSize = -1;

    /** Iterates the batches in {@code records}' readable bytes. */
    public RecordBatchIterator(ByteBuf records, boolean checkCrcs) {
        this.buf = records;
        this.position = records.readerIndex();
        this.end = records.writerIndex();
        this.checkCrcs = checkCrcs;
    }

    /** The batches of {@code records} as an {@link Iterable}, for for-each loops. */
    public static Iterable<RecordBatch> batches(ByteBuf records, boolean checkCrcs) {
        return () -> new RecordBatchIterator(records, checkCrcs);
    }

    @Override
    public boolean hasNext() {
        if (nextSize >= 0) {
            return true;
        }
        int remaining = end - position;
        if (remaining < RecordBatch.LOG_OVERHEAD) {
            return false;
        }
        int length = buf.getInt(position + RecordBatch.LENGTH_OFFSET);
        if (length < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD) {
            throw new ProtocolException("record batch at base offset " + buf.getLong(position) + " declares length "
                    + length + ", less than a batch header");
        }
        long size = RecordBatch.LOG_OVERHEAD + (long) length;
        if (size > remaining) {
            return false; // a partial batch at the end of a fetch
        }
        RecordBatch.checkMagic(buf, position);
        nextSize = (int) size;
        return true;
    }

    @Override
    public RecordBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more record batches");
        }
        RecordBatch batch = new RecordBatch(buf, position, nextSize);
        position += nextSize;
        nextSize = -1;
        if (checkCrcs) {
            batch.ensureValid();
        }
        return batch;
    }

    /** Bytes after the last complete batch (a trailing partial batch); meaningful once {@link #hasNext()} is false. */
    public int partialBytes() {
        return end - position - (nextSize >= 0 ? nextSize : 0);
    }
}
