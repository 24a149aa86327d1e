package dev.kurier.client.producer.internals;

import dev.kurier.client.common.Header;
import dev.kurier.client.protocol.compression.CompressionType;
import dev.kurier.client.protocol.record.RecordBatch;
import dev.kurier.client.protocol.record.RecordBatchBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/** Encodes a partition's pending records as one record batch v2 with the protocol's {@link RecordBatchBuilder}. */
final class BatchEncoding {

    /** Bytes of a batch header (up to and including RecordsCount). */
    static final int BATCH_OVERHEAD = RecordBatch.HEADER_SIZE;

    private BatchEncoding() {
    }

    /**
     * Upper bound of a record's encoded size without the batch header (used for batch.size, buffer.memory and
     * max.request.size; the header is counted once per batch as {@link #BATCH_OVERHEAD}).
     */
    static int estimateRecordSize(byte[] key, byte[] value, List<Header> headers) {
        return RecordBatchBuilder.estimateSizeInBytes(key == null ? -1 : key.length, value == null ? -1 : value.length,
                headers) - RecordBatch.HEADER_SIZE;
    }

    /** Encodes {@code records} as one batch with base offset 0. The caller owns (releases) the result. */
    static ByteBuf encode(ByteBufAllocator alloc, List<PendingRecord> records, CompressionType compression) {
        return encode(alloc, records, compression, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                RecordBatch.NO_SEQUENCE);
    }

    /** Encodes {@code records} as one batch with the given producer id, epoch and base sequence. */
    static ByteBuf encode(ByteBufAllocator alloc, List<PendingRecord> records, CompressionType compression,
                          long producerId, short producerEpoch, int baseSequence) {
        int estimate = BATCH_OVERHEAD;
        for (int i = 0; i < records.size(); i++) {
            estimate += records.get(i).estimatedSize;
        }
        RecordBatchBuilder builder = new RecordBatchBuilder(alloc, compression,
                compression == CompressionType.NONE ? estimate : estimate / 2 + 64);
        try {
            if (producerId >= 0) {
                builder.producerState(producerId, producerEpoch, baseSequence);
            }
            for (int i = 0; i < records.size(); i++) {
                PendingRecord r = records.get(i);
                builder.append(r.timestamp, r.key, r.value, r.headers);
            }
            return builder.close();
        } catch (RuntimeException e) {
            builder.release();
            throw e;
        }
    }
}
