package dev.kurier.client.protocol.record;

import dev.kurier.client.protocol.Primitives;
import dev.kurier.client.protocol.compression.CompressionCodecs;
import dev.kurier.client.protocol.compression.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.Objects;

/**
 * Writes one record batch (magic v2). Records are appended in offset order, each encoded at once into a buffer from
 * the allocator; {@link #close()} fills in the header (Length, LastOffsetDelta, Base/MaxTimestamp, RecordsCount,
 * attributes, producer fields) and the CRC-32C, compressing the records section first when a codec is set.
 *
 * <p>Sizes: {@link #sizeInBytes()} is the exact size so far without compression, {@link #sizeAfterAppend} what it
 * would be after one more record, {@link #hasRoomFor} applies a limit (batch.size) to that, and
 * {@link #estimateSizeInBytes} bounds a one-record batch before any builder exists (max.request.size checks). With a
 * codec, sizes are of the uncompressed records, an over-estimate except for incompressible data (the codec's framing
 * adds a few bytes).
 *
 * <p><b>Ownership.</b> {@link #close()} hands the finished batch buffer to the caller (who releases it once, e.g. after
 * the produce request completes); {@link #release()} discards an unfinished batch. Not thread-safe: one producer thread
 * appends to a batch at a time.
 */
public final class RecordBatchBuilder {

    private final ByteBufAllocator alloc;
    private final CompressionType compression;
    private ByteBuf buffer;
    private final int recordsStart;

    private long baseOffset;
    private int partitionLeaderEpoch = -1;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private long logAppendTime = RecordBatch.NO_TIMESTAMP;

    private int count;
    private int finalSize = -1;
    private long baseTimestamp;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private boolean closed;

    /**
     * A builder writing into a buffer of {@code initialCapacity} bytes from {@code alloc} (it grows as needed).
     *
     * @param compression the codec for the records section; its library must be on the class path
     */
    public RecordBatchBuilder(ByteBufAllocator alloc, CompressionType compression, int initialCapacity) {
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        this.compression = Objects.requireNonNull(compression, "compression");
        if (compression != CompressionType.NONE) {
            CompressionCodecs.forType(compression); // fail now, naming the missing library, not at close()
        }
        this.buffer = alloc.buffer(Math.max(initialCapacity, RecordBatch.HEADER_SIZE));
        if (compression == CompressionType.NONE) {
            // Records go straight after the header; with a codec they are kept apart and compressed at close().
            buffer.writeZero(RecordBatch.HEADER_SIZE);
        }
        this.recordsStart = buffer.writerIndex();
    }

    /** Sets the base offset (0 for a producer; the broker assigns offsets). */
    public RecordBatchBuilder baseOffset(long baseOffset) {
        checkOpen();
        this.baseOffset = baseOffset;
        return this;
    }

    /** Sets PartitionLeaderEpoch (-1 for a producer; the broker stamps it). */
    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        checkOpen();
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    /** Sets the idempotent producer's id, epoch and the sequence of the first record. */
    public RecordBatchBuilder producerState(long producerId, short producerEpoch, int baseSequence) {
        checkOpen();
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    /** Marks the batch as part of a transaction. */
    public RecordBatchBuilder transactional(boolean transactional) {
        checkOpen();
        this.transactional = transactional;
        return this;
    }

    /** Sets the timestamp type; for LOG_APPEND_TIME also set {@link #logAppendTime(long)} (else MaxTimestamp is -1). */
    public RecordBatchBuilder timestampType(TimestampType type) {
        checkOpen();
        this.timestampType = Objects.requireNonNull(type, "timestampType");
        return this;
    }

    /** Makes this a LogAppendTime batch whose MaxTimestamp (the time of every record) is {@code appendTime}. */
    public RecordBatchBuilder logAppendTime(long appendTime) {
        checkOpen();
        this.timestampType = TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = appendTime;
        return this;
    }

    /** The number of records appended. */
    public int recordCount() {
        return count;
    }

    /** Whether no record has been appended. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** The codec this batch is written with. */
    public CompressionType compression() {
        return compression;
    }

    /** The batch size so far, header included, before compression; after {@link #close()}, the final size. */
    public int sizeInBytes() {
        if (finalSize >= 0) {
            return finalSize;
        }
        if (buffer == null) {
            throw new IllegalStateException("record batch builder was released");
        }
        return RecordBatch.HEADER_SIZE + buffer.writerIndex() - recordsStart;
    }

    /**
     * Appends a record with byte-array key and value.
     *
     * @param timestamp the create time in ms, or -1 for none
     * @param key null for a null key
     * @param value null for a null value (tombstone)
     * @param headers null or empty for none; header values may be null
     * @return the record's offset delta within the batch
     */
    public int append(long timestamp, byte[] key, byte[] value, List<? extends Header> headers) {
        int keySize = key == null ? -1 : key.length;
        int valueSize = value == null ? -1 : value.length;
        beginRecord(timestamp, keySize, valueSize, headers);
        if (key != null) {
            buffer.writeBytes(key);
        }
        Primitives.writeVarint(buffer, valueSize);
        if (value != null) {
            buffer.writeBytes(value);
        }
        return endRecord(timestamp, headers);
    }

    /**
     * Appends a record whose key and value are the readable bytes of buffers; the buffers are copied, not consumed and
     * not released.
     *
     * @see #append(long, byte[], byte[], List)
     */
    public int append(long timestamp, ByteBuf key, ByteBuf value, List<? extends Header> headers) {
        int keySize = key == null ? -1 : key.readableBytes();
        int valueSize = value == null ? -1 : value.readableBytes();
        beginRecord(timestamp, keySize, valueSize, headers);
        if (key != null) {
            buffer.writeBytes(key, key.readerIndex(), keySize);
        }
        Primitives.writeVarint(buffer, valueSize);
        if (value != null) {
            buffer.writeBytes(value, value.readerIndex(), valueSize);
        }
        return endRecord(timestamp, headers);
    }

    /** Writes the record's length, attributes, deltas and key length; the caller writes the key and the rest. */
    private void beginRecord(long timestamp, int keySize, int valueSize, List<? extends Header> headers) {
        checkOpen();
        if (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) {
            throw new IllegalArgumentException("invalid negative timestamp " + timestamp);
        }
        if (count == 0) {
            baseTimestamp = timestamp;
        }
        long timestampDelta = timestamp - baseTimestamp;
        int bodySize = bodySize(timestampDelta, count, keySize, valueSize, headers);
        Primitives.writeVarint(buffer, bodySize);
        buffer.writeByte(0); // record attributes: unused
        Primitives.writeVarlong(buffer, timestampDelta);
        Primitives.writeVarint(buffer, count);
        Primitives.writeVarint(buffer, keySize);
    }

    private int endRecord(long timestamp, List<? extends Header> headers) {
        int n = headers == null ? 0 : headers.size();
        Primitives.writeVarint(buffer, n);
        for (int i = 0; i < n; i++) {
            Header h = headers.get(i);
            String key = Objects.requireNonNull(h.key(), "header key");
            Primitives.writeVarint(buffer, ByteBufUtil.utf8Bytes(key));
            ByteBufUtil.writeUtf8(buffer, key);
            byte[] value = h.value();
            if (value == null) {
                Primitives.writeVarint(buffer, -1);
            } else {
                Primitives.writeVarint(buffer, value.length);
                buffer.writeBytes(value);
            }
        }
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        return count++;
    }

    /**
     * What {@link #sizeInBytes()} would be after appending this record (exact before compression).
     *
     * @param keySize -1 for a null key
     * @param valueSize -1 for a null value
     */
    public int sizeAfterAppend(long timestamp, int keySize, int valueSize, List<? extends Header> headers) {
        long timestampDelta = count == 0 ? 0 : timestamp - baseTimestamp;
        int body = bodySize(timestampDelta, count, keySize, valueSize, headers);
        return sizeInBytes() + Primitives.sizeOfVarint(body) + body;
    }

    /**
     * Whether this record fits within {@code limit} bytes (batch.size); false once the builder is closed or released.
     * The first record always fits, as in Kafka: a
     * record larger than the limit gets a batch of its own (check max.request.size with {@link #estimateSizeInBytes}).
     */
    public boolean hasRoomFor(long timestamp, int keySize, int valueSize, List<? extends Header> headers, int limit) {
        if (closed) {
            return false;
        }
        return count == 0 || sizeAfterAppend(timestamp, keySize, valueSize, headers) <= limit;
    }

    /**
     * An upper bound on the size of a batch holding just this record, before compression: what the producer checks
     * against max.request.size and uses to size a new batch's buffer.
     */
    public static int estimateSizeInBytes(int keySize, int valueSize, List<? extends Header> headers) {
        int body = bodySize(Long.MAX_VALUE, Integer.MAX_VALUE, keySize, valueSize, headers);
        return RecordBatch.HEADER_SIZE + Primitives.sizeOfVarint(body) + body;
    }

    private static int bodySize(long timestampDelta, int offsetDelta, int keySize, int valueSize,
                                List<? extends Header> headers) {
        int size = 1 + Primitives.sizeOfVarlong(timestampDelta) + Primitives.sizeOfVarint(offsetDelta)
                + Primitives.sizeOfVarint(keySize) + Math.max(keySize, 0)
                + Primitives.sizeOfVarint(valueSize) + Math.max(valueSize, 0);
        int n = headers == null ? 0 : headers.size();
        size += Primitives.sizeOfVarint(n);
        for (int i = 0; i < n; i++) {
            Header h = headers.get(i);
            int keyLength = ByteBufUtil.utf8Bytes(Objects.requireNonNull(h.key(), "header key"));
            byte[] value = h.value();
            size += Primitives.sizeOfVarint(keyLength) + keyLength
                    + (value == null ? Primitives.sizeOfVarint(-1) : Primitives.sizeOfVarint(value.length) + value.length);
        }
        return size;
    }

    /**
     * Finishes the batch and hands its buffer to the caller (reader index 0, writer index at its end). The builder
     * cannot be used afterwards.
     *
     * @throws IllegalStateException if no record was appended (Kafka never writes empty batches)
     */
    public ByteBuf close() {
        checkOpen();
        if (count == 0) {
            throw new IllegalStateException("cannot close a record batch with no records");
        }
        ByteBuf out;
        if (compression == CompressionType.NONE) {
            out = buffer;
        } else {
            ByteBuf records = buffer;
            out = alloc.buffer(RecordBatch.HEADER_SIZE + records.readableBytes() / 2 + 64);
            try {
                out.writeZero(RecordBatch.HEADER_SIZE);
                CompressionCodecs.forType(compression).compress(records, out);
            } catch (RuntimeException e) {
                out.release();
                throw e;
            } finally {
                records.release();
            }
        }
        buffer = null;
        closed = true;
        writeHeader(out);
        finalSize = out.readableBytes();
        return out;
    }

    private void writeHeader(ByteBuf out) {
        int attributes = compression.id;
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            attributes |= RecordBatch.TIMESTAMP_TYPE_FLAG;
        }
        if (transactional) {
            attributes |= RecordBatch.TRANSACTIONAL_FLAG;
        }
        long max = timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : maxTimestamp;
        writeHeader(out, baseOffset, partitionLeaderEpoch, attributes, count, baseTimestamp, max, producerId,
                producerEpoch, baseSequence);
    }

    /** Sets every header field of the batch that is the readable bytes of {@code out}, then its CRC. */
    private static void writeHeader(ByteBuf out, long baseOffset, int leaderEpoch, int attributes, int count,
                                    long baseTimestamp, long maxTimestamp, long producerId, short producerEpoch,
                                    int baseSequence) {
        int start = out.readerIndex();
        int size = out.writerIndex() - start;
        out.setLong(start + RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        out.setInt(start + RecordBatch.LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD);
        out.setInt(start + RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, leaderEpoch);
        out.setByte(start + RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        out.setShort(start + RecordBatch.ATTRIBUTES_OFFSET, attributes);
        out.setInt(start + RecordBatch.LAST_OFFSET_DELTA_OFFSET, count - 1);
        out.setLong(start + RecordBatch.BASE_TIMESTAMP_OFFSET, baseTimestamp);
        out.setLong(start + RecordBatch.MAX_TIMESTAMP_OFFSET, maxTimestamp);
        out.setLong(start + RecordBatch.PRODUCER_ID_OFFSET, producerId);
        out.setShort(start + RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        out.setInt(start + RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        out.setInt(start + RecordBatch.RECORDS_COUNT_OFFSET, count);
        writeCrc(out, start, size);
    }

    /**
     * Fills in the header of a producer's batch whose records section was written by {@link RecordWriter}: the readable
     * bytes of {@code out} are the whole batch, header space first. Base offset 0, no leader epoch, create time, not
     * transactional; the CRC-32C is computed last.
     */
    public static void writeProducerHeader(ByteBuf out, CompressionType compression, int count, long baseTimestamp,
                                           long maxTimestamp, long producerId, short producerEpoch, int baseSequence) {
        writeProducerHeader(out, compression, count, baseTimestamp, maxTimestamp, producerId, producerEpoch, baseSequence,
                false);
    }

    /**
     * {@link #writeProducerHeader(ByteBuf, CompressionType, int, long, long, long, short, int)} for a batch that is
     * part of a transaction when {@code transactional}: read_committed readers hold it back until the transaction's
     * marker, and skip it when that marker aborts.
     */
    public static void writeProducerHeader(ByteBuf out, CompressionType compression, int count, long baseTimestamp,
                                           long maxTimestamp, long producerId, short producerEpoch, int baseSequence,
                                           boolean transactional) {
        int attributes = compression.id | (transactional ? RecordBatch.TRANSACTIONAL_FLAG : 0);
        writeHeader(out, 0L, -1, attributes, count, baseTimestamp, maxTimestamp, producerId, producerEpoch,
                baseSequence);
    }

    private static void writeCrc(ByteBuf out, int start, int size) {
        long crc = RecordBatch.crc32c(out, start + RecordBatch.ATTRIBUTES_OFFSET, size - RecordBatch.ATTRIBUTES_OFFSET);
        out.setInt(start + RecordBatch.CRC_OFFSET, (int) crc);
    }

    /** Discards an unfinished batch, releasing its buffer (idempotent; a no-op after {@link #close()}). */
    public void release() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("record batch builder is closed");
        }
    }

    /**
     * Rewrites the producer id, epoch and base sequence of a finished batch in place (its readable bytes) and
     * recomputes the CRC: what an idempotent producer does when it must resend a batch after an epoch bump.
     */
    public static void rewriteProducerState(ByteBuf batch, long producerId, short producerEpoch, int baseSequence) {
        RecordBatch view = RecordBatch.wrap(batch);
        int start = batch.readerIndex();
        batch.setLong(start + RecordBatch.PRODUCER_ID_OFFSET, producerId);
        batch.setShort(start + RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        batch.setInt(start + RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        writeCrc(batch, start, view.sizeInBytes());
    }
}
