package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.CorruptRecordException;
import dev.kurier.client.consumer.TimestampType;
import dev.kurier.client.protocol.Primitives;
import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.compression.CompressionCodecs;
import dev.kurier.client.protocol.compression.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The record batches one fetch returned for one partition, decoded lazily: one batch header at a time, one
 * record at a time, as {@link #next()} is called, straight from the fetched buffer. Owns that buffer (and any
 * decompressed copy) and releases it on {@link #close()} or when exhausted.
 *
 * <p>Records before the fetch offset (a batch may start earlier) and control batches are skipped. A trailing
 * partial batch, which brokers send when a batch does not fit the size limit, ends the iteration.
 */
final class FetchedRecords implements AutoCloseable {

    private static final int HEADER_SIZE = 61;
    /**
     * Ceiling on one decompressed batch: a few KiB of gzip or zstd can claim gigabytes, so a hostile or corrupt
     * batch must not decide how much memory we allocate.
     */
    static final int MAX_DECOMPRESSED_BATCH_BYTES = 256 * 1024 * 1024;

    /** One decoded record. Key, value and header values are copied out of the buffer. */
    record Decoded(long offset, long timestamp, TimestampType timestampType, byte[] key, byte[] value,
                   List<Header> headers, int leaderEpoch) {
    }

    private final TopicPartition partition;
    private final boolean checkCrcs;
    private ByteBuf buffer;
    private long nextOffset;

    // current batch
    private ByteBuf batchRecords;
    private boolean batchOwnsRecords;
    private int remainingInBatch;
    private long batchBaseOffset;
    private long batchBaseTimestamp;
    private long batchMaxTimestamp;
    private boolean logAppendTime;
    private int batchLeaderEpoch;

    FetchedRecords(TopicPartition partition, ByteBuf buffer, long fetchOffset, boolean checkCrcs) {
        this.partition = partition;
        this.buffer = buffer;
        this.nextOffset = fetchOffset;
        this.checkCrcs = checkCrcs;
    }

    /** The offset the next record will have at least (the consumer's position after the last one returned). */
    long nextOffset() {
        return nextOffset;
    }

    /** The next record, or {@code null} when the fetched data is exhausted (buffers are then released). */
    Decoded next() {
        while (true) {
            if (remainingInBatch > 0) {
                Decoded d = readRecord();
                if (d.offset() >= nextOffset) {
                    nextOffset = d.offset() + 1;
                    return d;
                }
                continue;
            }
            releaseBatch();
            if (!openNextBatch()) {
                close();
                return null;
            }
        }
    }

    private boolean openNextBatch() {
        while (buffer != null && buffer.readableBytes() >= 12) {
            int start = buffer.readerIndex();
            long baseOffset = buffer.getLong(start);
            int length = buffer.getInt(start + 8);
            if (length < HEADER_SIZE - 12) {
                throw new CorruptRecordException(partition, baseOffset, "batch length " + length + " is too small", null);
            }
            if (buffer.readableBytes() < 12 + length) {
                return false; // partial trailing batch
            }
            ByteBuf batch = buffer.slice(start, 12 + length);
            buffer.skipBytes(12 + length);
            byte magic = batch.getByte(16);
            if (magic != 2) {
                throw new CorruptRecordException(partition, baseOffset, "record batch magic " + magic
                        + " is not supported (only v2)", null);
            }
            if (checkCrcs) {
                CRC32C crc = new CRC32C();
                crc.update(batch.nioBuffer(21, batch.readableBytes() - 21));
                int expected = batch.getInt(17);
                if ((int) crc.getValue() != expected) {
                    throw new CorruptRecordException(partition, baseOffset, String.format(
                            "CRC-32C mismatch (stored %08x, computed %08x)", expected, (int) crc.getValue()), null);
                }
            }
            short attributes = batch.getShort(21);
            int lastOffsetDelta = batch.getInt(23);
            boolean control = (attributes & 0x20) != 0;
            if (control || baseOffset + lastOffsetDelta < nextOffset) {
                continue; // transaction markers, or everything before our position
            }
            batchBaseOffset = baseOffset;
            batchLeaderEpoch = batch.getInt(12);
            batchBaseTimestamp = batch.getLong(27);
            batchMaxTimestamp = batch.getLong(35);
            logAppendTime = (attributes & 0x08) != 0;
            int count = batch.getInt(57);
            if (count < 0) {
                throw new CorruptRecordException(partition, baseOffset, "negative record count " + count, null);
            }
            ByteBuf records = batch.slice(HEADER_SIZE, batch.readableBytes() - HEADER_SIZE);
            CompressionType type = CompressionType.forId(attributes & 0x07);
            if (type != CompressionType.NONE) {
                try {
                    batchRecords = CompressionCodecs.forType(type).decompress(records, ByteBufAllocator.DEFAULT,
                            MAX_DECOMPRESSED_BATCH_BYTES);
                } catch (ProtocolException e) {
                    throw new CorruptRecordException(partition, baseOffset, e.getMessage(), e);
                }
                batchOwnsRecords = true;
            } else {
                batchRecords = records;
                batchOwnsRecords = false;
            }
            remainingInBatch = count;
            return true;
        }
        return false;
    }

    private Decoded readRecord() {
        ByteBuf in = batchRecords;
        remainingInBatch--;
        try {
            int length = Primitives.readVarint(in);
            Primitives.checkReadable(in, length, "record");
            int end = in.readerIndex() + length;
            in.skipBytes(1); // attributes
            long tsDelta = Primitives.readVarlong(in);
            int offsetDelta = Primitives.readVarint(in);
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            int headerCount = Primitives.readVarint(in);
            if (headerCount < 0 || headerCount > in.readableBytes()) {
                throw new ProtocolException("bad header count " + headerCount);
            }
            List<Header> headers = headerCount == 0 ? List.of() : new ArrayList<>(headerCount);
            for (int i = 0; i < headerCount; i++) {
                int kl = Primitives.readVarint(in);
                Primitives.checkReadable(in, kl, "header key");
                String hk = in.toString(in.readerIndex(), kl, StandardCharsets.UTF_8);
                in.skipBytes(kl);
                headers.add(new Header(hk, readBytes(in)));
            }
            in.readerIndex(end);
            long ts = logAppendTime ? batchMaxTimestamp : batchBaseTimestamp + tsDelta;
            return new Decoded(batchBaseOffset + offsetDelta, ts,
                    logAppendTime ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME, key, value,
                    headers, batchLeaderEpoch);
        } catch (ProtocolException | IndexOutOfBoundsException e) {
            remainingInBatch = 0;
            throw new CorruptRecordException(partition, batchBaseOffset, "malformed record: " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(ByteBuf in) {
        int n = Primitives.readVarint(in);
        if (n < 0) {
            return null;
        }
        Primitives.checkReadable(in, n, "record bytes");
        byte[] b = new byte[n];
        in.readBytes(b);
        return b;
    }

    /** Skips the rest of the current (corrupt) batch so the caller can go on past it. */
    void skipCurrentBatch() {
        remainingInBatch = 0;
        releaseBatch();
    }

    private void releaseBatch() {
        if (batchRecords != null && batchOwnsRecords) {
            batchRecords.release();
        }
        batchRecords = null;
        batchOwnsRecords = false;
    }

    @Override
    public void close() {
        releaseBatch();
        remainingInBatch = 0;
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
