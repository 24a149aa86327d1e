package dev.kurier.client.producer.internals;

import dev.kurier.client.common.Header;
import dev.kurier.client.protocol.Primitives;
import dev.kurier.client.protocol.compression.CompressionCodecs;
import dev.kurier.client.protocol.compression.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes a partition's pending records straight into one record batch v2 (PROTOCOL.md §2) in a pooled
 * buffer: no intermediate record objects. Producer id, epoch and base sequence are -1 until idempotence
 * assigns them; the CRC-32C covers attributes to the end.
 */
final class BatchEncoding {

    /** Bytes of a batch header (up to and including RecordsCount). */
    static final int BATCH_OVERHEAD = 61;

    private static final int CRC_OFFSET = 17;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int RECORDS_OFFSET = 61;

    private BatchEncoding() {
    }

    /** Upper bound of a record's encoded size (used for batch.size, buffer.memory and max.request.size). */
    static int estimateRecordSize(byte[] key, byte[] value, List<Header> headers) {
        int size = 5 + 1 + 10 + 5 + 5 + 5 + 5; // length, attributes, timestamp delta, offset delta, key/value/header counts
        size += key == null ? 0 : key.length;
        size += value == null ? 0 : value.length;
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            size += 10 + h.key().length() * 3 + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    /** Encodes {@code records} as one batch with base offset 0. The caller owns (releases) the result. */
    static ByteBuf encode(ByteBufAllocator alloc, List<PendingRecord> records, CompressionType compression) {
        return encode(alloc, records, compression, -1L, (short) -1, -1);
    }

    /** Encodes {@code records} as one batch with the given producer id, epoch and base sequence. */
    static ByteBuf encode(ByteBufAllocator alloc, List<PendingRecord> records, CompressionType compression,
                          long producerId, short producerEpoch, int baseSequence) {
        int estimate = BATCH_OVERHEAD;
        long baseTimestamp = records.get(0).timestamp;
        long maxTimestamp = baseTimestamp;
        for (int i = 0; i < records.size(); i++) {
            PendingRecord r = records.get(i);
            estimate += r.estimatedSize;
            maxTimestamp = Math.max(maxTimestamp, r.timestamp);
            baseTimestamp = Math.min(baseTimestamp, r.timestamp);
        }
        ByteBuf out = alloc.directBuffer(estimate);
        try {
            out.writeLong(0L);                 // base offset
            out.writeInt(0);                   // length, set below
            out.writeInt(-1);                  // partition leader epoch
            out.writeByte(2);                  // magic
            out.writeInt(0);                   // crc, set below
            out.writeShort(compression.id);    // attributes: codec, create time, not transactional
            out.writeInt(records.size() - 1);  // last offset delta
            out.writeLong(baseTimestamp);
            out.writeLong(maxTimestamp);
            out.writeLong(producerId);
            out.writeShort(producerEpoch);
            out.writeInt(baseSequence);
            out.writeInt(records.size());
            if (compression == CompressionType.NONE) {
                writeRecords(out, records, baseTimestamp);
            } else {
                ByteBuf plain = alloc.directBuffer(estimate);
                try {
                    writeRecords(plain, records, baseTimestamp);
                    CompressionCodecs.forType(compression).compress(plain, out);
                } finally {
                    plain.release();
                }
            }
            out.setInt(8, out.writerIndex() - 12);
            CRC32C crc = new CRC32C();
            crc.update(out.nioBuffer(ATTRIBUTES_OFFSET, out.writerIndex() - ATTRIBUTES_OFFSET));
            out.setInt(CRC_OFFSET, (int) crc.getValue());
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void writeRecords(ByteBuf out, List<PendingRecord> records, long baseTimestamp) {
        for (int i = 0; i < records.size(); i++) {
            PendingRecord r = records.get(i);
            long tsDelta = r.timestamp - baseTimestamp;
            int bodySize = 1 + Primitives.sizeOfVarlong(tsDelta) + Primitives.sizeOfVarint(i)
                    + sizeOfBytes(r.key) + sizeOfBytes(r.value) + Primitives.sizeOfVarint(r.headers.size());
            for (int h = 0; h < r.headers.size(); h++) {
                Header header = r.headers.get(h);
                byte[] hk = header.key().getBytes(StandardCharsets.UTF_8);
                bodySize += Primitives.sizeOfVarint(hk.length) + hk.length + sizeOfBytes(header.value());
            }
            Primitives.writeVarint(out, bodySize);
            out.writeByte(0); // record attributes
            Primitives.writeVarlong(out, tsDelta);
            Primitives.writeVarint(out, i);
            writeBytes(out, r.key);
            writeBytes(out, r.value);
            Primitives.writeVarint(out, r.headers.size());
            for (int h = 0; h < r.headers.size(); h++) {
                Header header = r.headers.get(h);
                byte[] hk = header.key().getBytes(StandardCharsets.UTF_8);
                Primitives.writeVarint(out, hk.length);
                out.writeBytes(hk);
                writeBytes(out, header.value());
            }
        }
    }

    private static int sizeOfBytes(byte[] b) {
        return b == null ? 1 : Primitives.sizeOfVarint(b.length) + b.length;
    }

    private static void writeBytes(ByteBuf out, byte[] b) {
        if (b == null) {
            Primitives.writeVarint(out, -1);
        } else {
            Primitives.writeVarint(out, b.length);
            out.writeBytes(b);
        }
    }
}
