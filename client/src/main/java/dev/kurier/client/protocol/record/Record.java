package dev.kurier.client.protocol.record;

import dev.kurier.client.protocol.Primitives;
import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One record of a batch, as {@link RecordIterator} decodes it: offsets and timestamps are absolute, key, value and
 * header values are located in the batch's buffer and handed out as slices ({@link #key()}, {@link #value()}) or copied
 * on demand ({@link #keyBytes()}, {@link #valueBytes()}). Headers are decoded only when {@link #headers()} is called.
 *
 * <p>Slices are not retained: they are valid while the batch's buffer is (and, for a compressed batch, until its
 * {@link RecordIterator} is closed or exhausted). Copy or {@code retain()} what must outlive that.
 */
public final class Record {

    private final ByteBuf data;
    /** The same bytes as {@link #data} for copying out; its index = {@code data} index - {@link #nioBase}. */
    private final ByteBuffer nio;
    private final int nioBase;
    private final long offset;
    private final long timestamp;
    private final int sequence;
    private final int keyIndex;
    private final int keySize;
    private final int valueIndex;
    private final int valueSize;
    private final int headersIndex;
    private final int headerCount;
    private final int sizeInBytes;
    private final boolean control;

    Record(ByteBuf data, ByteBuffer nio, int nioBase, long offset, long timestamp, int sequence, int keyIndex,
           int keySize, int valueIndex, int valueSize, int headersIndex, int headerCount, int sizeInBytes,
           boolean control) {
        this.data = data;
        this.nio = nio;
        this.nioBase = nioBase;
        this.offset = offset;
        this.timestamp = timestamp;
        this.sequence = sequence;
        this.keyIndex = keyIndex;
        this.keySize = keySize;
        this.valueIndex = valueIndex;
        this.valueSize = valueSize;
        this.headersIndex = headersIndex;
        this.headerCount = headerCount;
        this.sizeInBytes = sizeInBytes;
        this.control = control;
    }

    /** The record's absolute offset: the batch's base offset plus its OffsetDelta. */
    public long offset() {
        return offset;
    }

    /** The record's timestamp: base timestamp plus delta, or the batch's MaxTimestamp for LogAppendTime batches. */
    public long timestamp() {
        return timestamp;
    }

    /** The producer sequence of this record, -1 if the batch has none. */
    public int sequence() {
        return sequence;
    }

    /** The encoded size of this record, its length prefix included. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** Whether this is a control record (its batch is a control batch). */
    public boolean isControl() {
        return control;
    }

    /** The control record type (transaction commit/abort marker), or null for a data record. */
    public ControlRecordType controlType() {
        return control ? ControlRecordType.parse(key()) : null;
    }

    /** Whether the key is not null. */
    public boolean hasKey() {
        return keySize >= 0;
    }

    /** The key's size in bytes, -1 for a null key. */
    public int keySize() {
        return keySize;
    }

    /** The key as a slice of the batch buffer (not a copy, not retained), or null. */
    public ByteBuf key() {
        return keySize < 0 ? null : data.slice(keyIndex, keySize);
    }

    /** A copy of the key, or null. */
    public byte[] keyBytes() {
        return keySize < 0 ? null : copy(keyIndex, keySize);
    }

    /** Whether the value is not null. */
    public boolean hasValue() {
        return valueSize >= 0;
    }

    /** The value's size in bytes, -1 for a null value (a tombstone). */
    public int valueSize() {
        return valueSize;
    }

    /** The value as a slice of the batch buffer (not a copy, not retained), or null. */
    public ByteBuf value() {
        return valueSize < 0 ? null : data.slice(valueIndex, valueSize);
    }

    /** A copy of the value, or null. */
    public byte[] valueBytes() {
        return valueSize < 0 ? null : copy(valueIndex, valueSize);
    }

    /** The number of headers. */
    public int headerCount() {
        return headerCount;
    }

    /** The headers, decoded now (their structure was validated when the record was read). */
    public List<HeaderView> headers() {
        if (headerCount == 0) {
            return List.of();
        }
        List<HeaderView> headers = new ArrayList<>(headerCount);
        ByteBuf in = data.duplicate();
        in.readerIndex(headersIndex);
        for (int i = 0; i < headerCount; i++) {
            int keyLength = Primitives.readVarint(in);
            String key = in.toString(in.readerIndex(), keyLength, StandardCharsets.UTF_8);
            in.skipBytes(keyLength);
            int valueLength = Primitives.readVarint(in);
            int valueAt = in.readerIndex();
            if (valueLength > 0) {
                in.skipBytes(valueLength);
            }
            headers.add(new HeaderView(key, data, valueAt, valueLength));
        }
        return Collections.unmodifiableList(headers);
    }

    /**
     * Copies {@code size} bytes at {@code index} of {@link #data} through the NIO view: one reference-count check for
     * the copy, as {@link ByteBuf} reads would do, then a plain bulk copy.
     */
    private byte[] copy(int index, int size) {
        if (data.refCnt() == 0) {
            throw new IllegalReferenceCountException(0);
        }
        int at = index - nioBase;
        if (nio.hasArray()) {
            int from = nio.arrayOffset() + at;
            return Arrays.copyOfRange(nio.array(), from, from + size); // no zeroing of the new array first
        }
        byte[] out = new byte[size];
        nio.get(at, out, 0, size);
        return out;
    }

    /** Adds {@code delta} to a producer sequence, wrapping at Integer.MAX_VALUE as Kafka does. */
    static int addSequence(int base, int delta) {
        if (base > Integer.MAX_VALUE - delta) {
            return delta - (Integer.MAX_VALUE - base) - 1;
        }
        return base + delta;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + keySize + "B, value=" + valueSize
                + "B, headers=" + headerCount + (control ? ", control" : "") + ")";
    }
}
