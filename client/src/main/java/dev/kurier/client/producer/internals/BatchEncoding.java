package dev.kurier.client.producer.internals;

import dev.kurier.client.common.Header;
import dev.kurier.client.protocol.record.RecordBatch;
import dev.kurier.client.protocol.record.RecordBatchBuilder;
import java.util.List;

/** Size bounds the producer checks before a record is queued; the encoding itself is {@link ProducerBatch}'s. */
final class BatchEncoding {

    /** Bytes of a batch header (up to and including RecordsCount). */
    static final int BATCH_OVERHEAD = RecordBatch.HEADER_SIZE;

    private BatchEncoding() {
    }

    /**
     * Upper bound of a record's encoded size without the batch header (used for max.request.size and to size a batch
     * that must hold a record larger than batch.size; the header is counted once per batch as {@link #BATCH_OVERHEAD}).
     */
    static int estimateRecordSize(byte[] key, byte[] value, List<Header> headers) {
        return RecordBatchBuilder.estimateSizeInBytes(key == null ? -1 : key.length, value == null ? -1 : value.length,
                headers) - RecordBatch.HEADER_SIZE;
    }
}
