package dev.kurier.client.protocol.record;

import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.compression.CompressionCodecs;
import dev.kurier.client.protocol.compression.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
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
    /** The records section, indexed from 0; {@link #data} index = {@link #nioBase} + index here. */
    private final ByteBuffer nio;
    private final int nioBase;
    private final int end;
    /** Where the next record starts, in {@link #nio}. */
    private int pos;
    private int remaining;
    private boolean closed;
    /** The array behind {@link #nio} and where nio's index 0 is in it, or {@code null} for a direct buffer. */
    private final byte[] array;
    private final int arrayOffset;
    /** A direct buffer's record, copied to be parsed (grown to the largest record seen). */
    private byte[] scratch = new byte[0];
    private int varlongEnd;
    // The last record read (positions in nio).
    private long timestampDelta;
    private int offsetDelta;
    private int keyAt;
    private int keySize;
    private int valueAt;
    private int valueSize;
    private int headersAt;
    private int headerCount;
    private int recordSize;

    RecordIterator(RecordBatch batch, ByteBuf buf, int start, int size, ByteBufAllocator alloc,
                   int maxDecompressedBytes) {
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
            try {
                this.data = CompressionCodecs.forType(compression).decompress(buf.slice(recordsStart, recordsLength),
                        alloc, maxDecompressedBytes);
            } catch (dev.kurier.client.protocol.compression.DecompressionLimitException e) {
                throw new dev.kurier.client.protocol.compression.DecompressionLimitException("record batch at base offset " + baseOffset + " ("
                        + compression.configName + ", " + recordsLength + " bytes compressed) decompresses past "
                        + maxDecompressedBytes + " bytes", e);
            }
            this.owned = true;
        }
        this.nioBase = data.readerIndex();
        this.end = data.readableBytes();
        this.nio = nioView(data);
        this.array = nio.hasArray() ? nio.array() : null;
        this.arrayOffset = nio.hasArray() ? nio.arrayOffset() : 0;
    }

    /**
     * A {@link ByteBuffer} over {@code data}'s readable bytes, index 0 at its reader index: absolute gets on it cost
     * an index check only, where every {@link ByteBuf} read also checks the buffer's reference count.
     */
    private static ByteBuffer nioView(ByteBuf data) {
        int index = data.readerIndex();
        int length = data.readableBytes();
        // A composite buffer of several components hands out a merged copy here; that is still correct.
        ByteBuffer view = data.nioBufferCount() > 0 ? data.nioBuffer(index, length)
                : ByteBuffer.wrap(ByteBufUtil.getBytes(data, index, length));
        return view.slice();
    }

    /** The bytes of the buffer this iterator decompressed the batch into (0 for an uncompressed batch). */
    public int decompressedBytes() {
        return owned ? data.capacity() : 0;
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
        int trailing = end - pos;
        close();
        if (trailing != 0) {
            throw new ProtocolException("record batch at base offset " + baseOffset + " has " + trailing
                    + " bytes after its " + recordCount + " records");
        }
        return false;
    }

    @Override
    public Record next() {
        if (remaining <= 0 || closed) {
            if (!hasNext()) {
                throw new NoSuchElementException("no more records in the batch at base offset " + baseOffset);
            }
        }
        try {
            readRecord();
        } catch (ProtocolException e) {
            throw failed(e);
        }
        remaining--;
        // Built here rather than in readRecord, so that a caller which inlines next() can keep it off the heap.
        return new Record(data, nio, nioBase, baseOffset + offsetDelta,
                logAppendTimeType ? logAppendTime : baseTimestamp + timestampDelta,
                baseSequence < 0 ? RecordBatch.NO_SEQUENCE : Record.addSequence(baseSequence, offsetDelta),
                nioBase + keyAt, keySize, nioBase + valueAt, valueSize, nioBase + headersAt, headerCount, recordSize,
                control);
    }

    private ProtocolException failed(ProtocolException e) {
        close();
        return new ProtocolException("record " + (recordCount - remaining) + " of " + recordCount
                + " in the batch at base offset " + baseOffset + ": " + e.getMessage(), e);
    }

    /**
     * Reads the next record's fields into this iterator's fields. The record's length prefix is checked once against
     * the bytes left; the record is then parsed from a {@code byte[]} (the buffer's own array, or the record copied
     * into {@link #scratch} with one bulk copy), and every field read only has to stay inside the record, which is
     * checked with plain int comparisons: no per-byte buffer bounds or reference-count checks.
     */
    private void readRecord() {
        int start = pos;
        if (start >= end) {
            throw new ProtocolException("the batch declares more records than its bytes hold");
        }
        long lv = lengthPrefix(start);
        int length = value(lv);
        int body = position(lv);
        if (length <= 0 || length > end - body) {
            throw new ProtocolException("declares " + length + " bytes, " + (end - body) + " left");
        }
        byte[] a;
        int shift; // index in a = index in nio + shift
        if (array != null) {
            a = array;
            shift = arrayOffset;
        } else {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, Math.min(2 * scratch.length, end))];
            }
            nio.get(body, scratch, 0, length);
            a = scratch;
            shift = -body;
        }
        int p = body + shift + 1; // attributes: unused
        int recordEnd = body + shift + length;
        long tsDelta;
        if (p + 1 < recordEnd && (a[p] >= 0 || a[p + 1] >= 0)) {
            // The common one- or two-byte varlong (deltas within about 4 s), as an int varint.
            long v = varint(a, p, recordEnd);
            tsDelta = value(v);
            p = position(v);
        } else {
            tsDelta = varlong(a, p, recordEnd);
            p = varlongEnd;
        }
        long v = varint(a, p, recordEnd);
        int delta = value(v);
        v = varint(a, position(v), recordEnd);
        int kSize = checkLength("key", value(v));
        int kAt = position(v);
        p = skip(kAt, kSize, recordEnd);
        v = varint(a, p, recordEnd);
        int vSize = checkLength("value", value(v));
        int vAt = position(v);
        p = skip(vAt, vSize, recordEnd);
        v = varint(a, p, recordEnd);
        int hCount = value(v);
        p = position(v);
        if (hCount < 0) {
            throw new ProtocolException("negative header count " + hCount);
        }
        int hAt = p;
        for (int i = 0; i < hCount; i++) {
            v = varint(a, p, recordEnd);
            int keyLength = value(v);
            if (keyLength < 0) {
                throw new ProtocolException("a header has a null or negative key length " + keyLength);
            }
            p = skip(position(v), keyLength, recordEnd);
            v = varint(a, p, recordEnd);
            p = skip(position(v), checkLength("header value", value(v)), recordEnd);
        }
        if (p != recordEnd) {
            throw new ProtocolException("declares " + length + " bytes but its fields end " + (recordEnd - p)
                    + " bytes early");
        }
        pos = body + length;
        recordSize = pos - start;
        timestampDelta = tsDelta;
        offsetDelta = delta;
        keyAt = kAt - shift;
        keySize = kSize;
        valueAt = vAt - shift;
        valueSize = vSize;
        headersAt = hAt - shift;
        headerCount = hCount;
    }

    /** The record length prefix at {@code p} in {@link #nio}, {@link #pack packed} (position in nio). */
    private long lengthPrefix(int p) {
        if (array != null) {
            long v = varint(array, arrayOffset + p, arrayOffset + end);
            return pack(value(v), position(v) - arrayOffset);
        }
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (p >= end) {
                throw new ProtocolException("truncated varint");
            }
            byte b = nio.get(p++);
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                return pack((raw >>> 1) ^ -(raw & 1), p);
            }
        }
        throw new ProtocolException("varint longer than 5 bytes");
    }

    /** A varint's value and the position after it, in one long (no object, no field write). */
    private static long pack(int value, int next) {
        return ((long) value << 32) | (next & 0xFFFFFFFFL);
    }

    private static int value(long packed) {
        return (int) (packed >> 32);
    }

    private static int position(long packed) {
        return (int) packed;
    }

    /** A zigzag varint at {@code p} of {@code a}, not reaching {@code limit}: {@link #pack packed}. */
    private static long varint(byte[] a, int p, int limit) {
        if (p < limit) { // one- and two-byte varints (lengths up to 8191) without a loop
            int b0 = a[p];
            if (b0 >= 0) {
                return pack((b0 >>> 1) ^ -(b0 & 1), p + 1);
            }
            if (p + 1 < limit) {
                int b1 = a[p + 1];
                if (b1 >= 0) {
                    int raw = (b0 & 0x7F) | (b1 << 7);
                    return pack((raw >>> 1) ^ -(raw & 1), p + 2);
                }
            }
        }
        return varintSlow(a, p, limit);
    }

    private static long varintSlow(byte[] a, int p, int limit) {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (p >= limit) {
                throw new ProtocolException("truncated varint");
            }
            byte b = a[p++];
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                return pack((raw >>> 1) ^ -(raw & 1), p);
            }
        }
        throw new ProtocolException("varint longer than 5 bytes");
    }

    /** A zigzag varlong at {@code p} of {@code a}, not reaching {@code limit}; its end goes to {@link #varlongEnd}. */
    private long varlong(byte[] a, int p, int limit) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (p >= limit) {
                throw new ProtocolException("truncated varlong");
            }
            byte b = a[p++];
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                varlongEnd = p;
                return (raw >>> 1) ^ -(raw & 1L);
            }
        }
        throw new ProtocolException("varlong longer than 10 bytes");
    }

    private static int checkLength(String what, int size) {
        if (size < -1) {
            throw new ProtocolException(what + " length " + size);
        }
        return size;
    }

    private static int skip(int p, int size, int limit) {
        if (size > 0) {
            if (size > limit - p) {
                throw new ProtocolException("truncated record field: need " + size + " bytes, " + (limit - p)
                        + " left");
            }
            return p + size;
        }
        return p;
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
