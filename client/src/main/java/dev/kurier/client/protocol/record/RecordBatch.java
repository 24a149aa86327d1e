package dev.kurier.client.protocol.record;

import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.compression.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A read-only view of one record batch (magic v2) inside a buffer: header fields are read in place on demand, and
 * records are decoded lazily by {@link #records()}. Nothing is copied; the view is valid while the underlying buffer
 * is (for a fetch, until the {@code FetchResponse} is released). Obtain views with {@link RecordBatchIterator} or
 * {@link #wrap}.
 *
 * <p>Layout (big-endian): BaseOffset int64 | Length int32 | PartitionLeaderEpoch int32 | Magic int8 | CRC uint32 |
 * Attributes int16 | LastOffsetDelta int32 | BaseTimestamp int64 | MaxTimestamp int64 | ProducerId int64 |
 * ProducerEpoch int16 | BaseSequence int32 | RecordsCount int32 | Records. The CRC-32C covers Attributes to the end.
 */
public final class RecordBatch {

    /** Offset of BaseOffset. */
    public static final int BASE_OFFSET_OFFSET = 0;
    /** Offset of Length (the batch size minus {@link #LOG_OVERHEAD}). */
    public static final int LENGTH_OFFSET = 8;
    /** Offset of PartitionLeaderEpoch. */
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    /** Offset of Magic. */
    public static final int MAGIC_OFFSET = 16;
    /** Offset of CRC. */
    public static final int CRC_OFFSET = 17;
    /** Offset of Attributes, where the CRC-covered part starts. */
    public static final int ATTRIBUTES_OFFSET = 21;
    /** Offset of LastOffsetDelta. */
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    /** Offset of BaseTimestamp. */
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    /** Offset of MaxTimestamp. */
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    /** Offset of ProducerId. */
    public static final int PRODUCER_ID_OFFSET = 43;
    /** Offset of ProducerEpoch. */
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    /** Offset of BaseSequence. */
    public static final int BASE_SEQUENCE_OFFSET = 53;
    /** Offset of RecordsCount. */
    public static final int RECORDS_COUNT_OFFSET = 57;
    /** Offset of the first record, and the size of a batch header. */
    public static final int RECORDS_OFFSET = 61;
    /** Size of the batch header (a batch with no records). */
    public static final int HEADER_SIZE = RECORDS_OFFSET;
    /** BaseOffset plus Length: the bytes not counted by Length. */
    public static final int LOG_OVERHEAD = 12;
    /** The only magic Kurier reads and writes. */
    public static final byte MAGIC = 2;

    static final int COMPRESSION_MASK = 0x07;
    static final int TIMESTAMP_TYPE_FLAG = 0x08;
    static final int TRANSACTIONAL_FLAG = 0x10;
    static final int CONTROL_FLAG = 0x20;
    static final int DELETE_HORIZON_FLAG = 0x40;

    /** ProducerId, ProducerEpoch and BaseSequence of a batch without an idempotent producer. */
    public static final long NO_PRODUCER_ID = -1L;
    /** See {@link #NO_PRODUCER_ID}. */
    public static final short NO_PRODUCER_EPOCH = -1;
    /** See {@link #NO_PRODUCER_ID}. */
    public static final int NO_SEQUENCE = -1;
    /** A timestamp that is not set. */
    public static final long NO_TIMESTAMP = -1L;

    private final ByteBuf buf;
    private final int start;
    private final int size;

    RecordBatch(ByteBuf buf, int start, int size) {
        this.buf = buf;
        this.start = start;
        this.size = size;
    }

    /**
     * A view of the single complete batch at {@code buf}'s reader index (the reader index is not moved).
     *
     * @throws ProtocolException if the readable bytes do not hold a complete v2 batch
     */
    public static RecordBatch wrap(ByteBuf buf) {
        int readable = buf.readableBytes();
        if (readable < HEADER_SIZE) {
            throw new ProtocolException("a record batch needs at least " + HEADER_SIZE + " bytes, got " + readable);
        }
        int start = buf.readerIndex();
        long size = LOG_OVERHEAD + (long) buf.getInt(start + LENGTH_OFFSET);
        if (size < HEADER_SIZE || size > readable) {
            throw new ProtocolException("record batch at base offset " + buf.getLong(start) + " declares " + size
                    + " bytes, " + readable + " available");
        }
        checkMagic(buf, start);
        return new RecordBatch(buf, start, (int) size);
    }

    static void checkMagic(ByteBuf buf, int start) {
        byte magic = buf.getByte(start + MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new ProtocolException("record batch at base offset " + buf.getLong(start) + " has magic " + magic
                    + "; Kurier reads only magic 2 (Kafka 0.11+ record batches)");
        }
    }

    /** The batch's bytes (a slice, not a copy, not retained). */
    public ByteBuf buffer() {
        return buf.slice(start, size);
    }

    /** The batch's size in bytes, header included. */
    public int sizeInBytes() {
        return size;
    }

    /** Offset of the first record. */
    public long baseOffset() {
        return buf.getLong(start + BASE_OFFSET_OFFSET);
    }

    /** Offset of the last record: baseOffset + LastOffsetDelta. */
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch: where a consumer continues. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** LastOffsetDelta (RecordsCount - 1 for a freshly produced batch; larger after compaction). */
    public int lastOffsetDelta() {
        return buf.getInt(start + LAST_OFFSET_DELTA_OFFSET);
    }

    /** The leader epoch the broker stamped on the batch, -1 if none. */
    public int partitionLeaderEpoch() {
        return buf.getInt(start + PARTITION_LEADER_EPOCH_OFFSET);
    }

    /** The magic byte (always 2 for a batch this class was created for). */
    public byte magic() {
        return buf.getByte(start + MAGIC_OFFSET);
    }

    /** The stored CRC-32C, unsigned. */
    public long crc() {
        return buf.getUnsignedInt(start + CRC_OFFSET);
    }

    /** The CRC-32C computed over the batch's bytes from Attributes to the end. */
    public long computeCrc() {
        return crc32c(buf, start + ATTRIBUTES_OFFSET, size - ATTRIBUTES_OFFSET);
    }

    /** Whether the stored CRC matches the bytes. */
    public boolean isValid() {
        return crc() == computeCrc();
    }

    /** @throws CorruptRecordException naming the base offset and both CRCs, if the stored CRC does not match */
    public void ensureValid() {
        long stored = crc();
        long computed = computeCrc();
        if (stored != computed) {
            throw new CorruptRecordException(baseOffset(), stored, computed);
        }
    }

    /** The raw Attributes field. */
    public short attributes() {
        return buf.getShort(start + ATTRIBUTES_OFFSET);
    }

    /**
     * The codec of the records section.
     *
     * @throws ProtocolException for a codec id Kafka does not define
     */
    public CompressionType compressionType() {
        int id = attributes() & COMPRESSION_MASK;
        try {
            return CompressionType.forId(id);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("record batch at base offset " + baseOffset() + " has unknown compression codec id "
                    + id, e);
        }
    }

    /** Whether timestamps are create times or the broker's log append time. */
    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_FLAG) != 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
    }

    /** Whether the batch belongs to a transaction. */
    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG) != 0;
    }

    /** Whether the batch holds control records (transaction markers). */
    public boolean isControl() {
        return (attributes() & CONTROL_FLAG) != 0;
    }

    /** Whether BaseTimestamp holds the log cleaner's delete horizon. */
    public boolean hasDeleteHorizon() {
        return (attributes() & DELETE_HORIZON_FLAG) != 0;
    }

    /** The timestamp the other timestamps are deltas from. */
    public long baseTimestamp() {
        return buf.getLong(start + BASE_TIMESTAMP_OFFSET);
    }

    /** The largest timestamp of the batch (the append time for LogAppendTime batches). */
    public long maxTimestamp() {
        return buf.getLong(start + MAX_TIMESTAMP_OFFSET);
    }

    /** The producer id, -1 if the producer is not idempotent. */
    public long producerId() {
        return buf.getLong(start + PRODUCER_ID_OFFSET);
    }

    /** The producer epoch, -1 if the producer is not idempotent. */
    public short producerEpoch() {
        return buf.getShort(start + PRODUCER_EPOCH_OFFSET);
    }

    /** The sequence of the first record, -1 if the producer is not idempotent. */
    public int baseSequence() {
        return buf.getInt(start + BASE_SEQUENCE_OFFSET);
    }

    /** The sequence of the last record (wrapping at Integer.MAX_VALUE), -1 if there is none. */
    public int lastSequence() {
        int base = baseSequence();
        return base == NO_SEQUENCE ? NO_SEQUENCE : Record.addSequence(base, lastOffsetDelta());
    }

    /** RecordsCount (stored uncompressed). */
    public int recordCount() {
        return buf.getInt(start + RECORDS_COUNT_OFFSET);
    }

    /**
     * Iterates the records, decoding each as it is reached. A compressed batch is decompressed into a buffer from
     * the source buffer's allocator, owned by the iterator (see {@link RecordIterator}).
     */
    public RecordIterator records() {
        return records(buf.alloc());
    }

    /** As {@link #records()}, decompressing into a buffer from {@code alloc}. */
    public RecordIterator records(ByteBufAllocator alloc) {
        return records(alloc, RecordIterator.MAX_DECOMPRESSED_BYTES);
    }

    /**
     * As {@link #records(ByteBufAllocator)}, a compressed batch failing with
     * {@link dev.kurier.client.protocol.compression.DecompressionLimitException} when
     * it decompresses past {@code maxDecompressedBytes}.
     */
    public RecordIterator records(ByteBufAllocator alloc, int maxDecompressedBytes) {
        return new RecordIterator(this, buf, start, size, alloc, maxDecompressedBytes);
    }

    /** The allocator of the buffer the batch is in. */
    public ByteBufAllocator alloc() {
        return buf.alloc();
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", count=" + recordCount()
                + ", size=" + size + ", " + compressionType().configName + ", " + timestampType()
                + (isTransactional() ? ", transactional" : "") + (isControl() ? ", control" : "") + ")";
    }

    /** CRC-32C of {@code length} bytes of {@code buf} from {@code index}, without moving its indexes. */
    static long crc32c(ByteBuf buf, int index, int length) {
        CRC32C crc = new CRC32C();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + index, length);
        } else if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(index, length));
        } else {
            for (ByteBuffer part : buf.nioBuffers(index, length)) {
                crc.update(part);
            }
        }
        return crc.getValue();
    }
}
