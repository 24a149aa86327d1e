package dev.kurier.client.protocol.record;

import dev.kurier.client.protocol.Primitives;
import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.compression.CompressionCodecs;
import dev.kurier.client.protocol.compression.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Decodes a batch's records one at a time, as the iteration reaches them: each {@link #next()} reads and validates
 * one record (its lengths, and the structure of its headers) and allocates only the {@link Record} itself.
 *
 * <p><b>Ownership.</b> For an uncompressed batch the records are read in place from the batch buffer. For a compressed
 * batch the records section is decompressed once, when the iterator is created, into a buffer this iterator owns: it
 * is released when the iteration is exhausted ({@link #hasNext()} returns false) or when {@link #close()} is called,
 * whichever comes first, so a for-each loop to the end or a try-with-resources never leaks. Records (and their slices)
 * from a compressed batch are valid only until then.
 */
public final class RecordIterator implements Iterator<Record>, AutoCloseable {

    /**
     * Ceiling on one decompressed batch: a few KiB of gzip or zstd can claim gigabytes, so a hostile or corrupt batch
     * must not decide how much memory is allocated.
     */
    public static final int MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

    private final ByteBuf data;
    private final boolean owned;
    private final long baseOffset;
    private final long baseTimestamp;
    private final long logAppendTime;
    private final boolean logAppendTimeType;
    private final int baseSequence;
    private final boolean control;
    private final int recordCount;
    private int remaining;
    private boolean closed;

    RecordIterator(RecordBatch batch, ByteBuf buf, int start, int size, ByteBufAllocator alloc) {
        this.baseOffset = batch.baseOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTimeType = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = batch.maxTimestamp();
        this.baseSequence = batch.baseSequence();
        this.control = batch.isControl();
        this.recordCount = batch.recordCount();
        if (recordCount < 0) {
            throw new ProtocolException("record batch at base offset " + baseOffset + " has negative record count "
                    + recordCount);
        }
        this.remaining = recordCount;
        CompressionType compression = batch.compressionType();
        int recordsStart = start + RecordBatch.RECORDS_OFFSET;
        int recordsLength = size - RecordBatch.RECORDS_OFFSET;
        if (compression == CompressionType.NONE) {
            ByteBuf view = buf.duplicate();
            view.setIndex(recordsStart, recordsStart + recordsLength);
            this.data = view;
            this.owned = false;
        } else {
            this.data = CompressionCodecs.forType(compression).decompress(buf.slice(recordsStart, recordsLength), alloc,
                    MAX_DECOMPRESSED_BYTES);
            this.owned = true;
        }
    }

    /** The batch's RecordsCount. */
    public int recordCount() {
        return recordCount;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (remaining > 0) {
            return true;
        }
        int trailing = data.readableBytes();
        close();
        if (trailing != 0) {
            throw new ProtocolException("record batch at base offset " + baseOffset + " has " + trailing
                    + " bytes after its " + recordCount + " records");
        }
        return false;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in the batch at base offset " + baseOffset);
        }
        int index = recordCount - remaining;
        try {
            Record record = readRecord();
            remaining--;
            return record;
        } catch (ProtocolException e) {
            close();
            throw new ProtocolException("record " + index + " of " + recordCount + " in the batch at base offset "
                    + baseOffset + ": " + e.getMessage(), e);
        }
    }

    private Record readRecord() {
        if (!data.isReadable()) {
            throw new ProtocolException("the batch declares more records than its bytes hold");
        }
        int lengthStart = data.readerIndex();
        int length = Primitives.readVarint(data);
        if (length <= 0 || length > data.readableBytes()) {
            throw new ProtocolException("declares " + length + " bytes, " + data.readableBytes() + " left");
        }
        int recordEnd = data.readerIndex() + length;
        int limit = data.writerIndex();
        // Bound every read of this record to its declared length.
        data.writerIndex(recordEnd);
        try {
            data.skipBytes(1); // attributes: unused
            long timestampDelta = Primitives.readVarlong(data);
            int offsetDelta = Primitives.readVarint(data);
            int keySize = readLength("key");
            int keyIndex = data.readerIndex();
            skip(keySize);
            int valueSize = readLength("value");
            int valueIndex = data.readerIndex();
            skip(valueSize);
            int headerCount = Primitives.readVarint(data);
            if (headerCount < 0) {
                throw new ProtocolException("negative header count " + headerCount);
            }
            int headersIndex = data.readerIndex();
            for (int i = 0; i < headerCount; i++) {
                int keyLength = Primitives.readVarint(data);
                if (keyLength < 0) {
                    throw new ProtocolException("a header has a null or negative key length " + keyLength);
                }
                skip(keyLength);
                skip(readLength("header value"));
            }
            if (data.readerIndex() != recordEnd) {
                throw new ProtocolException("declares " + length + " bytes but its fields end "
                        + (recordEnd - data.readerIndex()) + " bytes early");
            }
            long timestamp = logAppendTimeType ? logAppendTime : baseTimestamp + timestampDelta;
            int sequence = baseSequence < 0 ? RecordBatch.NO_SEQUENCE : Record.addSequence(baseSequence, offsetDelta);
            return new Record(data, baseOffset + offsetDelta, timestamp, sequence, keyIndex, keySize, valueIndex,
                    valueSize, headersIndex, headerCount, recordEnd - lengthStart, control);
        } finally {
            data.writerIndex(limit);
        }
    }

    private int readLength(String what) {
        int size = Primitives.readVarint(data);
        if (size < -1) {
            throw new ProtocolException(what + " length " + size);
        }
        return size;
    }

    private void skip(int size) {
        if (size > 0) {
            Primitives.checkReadable(data, size, "record field");
            data.skipBytes(size);
        }
    }

    /** Releases the decompressed buffer of a compressed batch (idempotent; a no-op for an uncompressed batch). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (owned) {
                data.release();
            }
        }
    }
}
