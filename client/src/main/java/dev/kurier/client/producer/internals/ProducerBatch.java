package dev.kurier.client.producer.internals;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.producer.RecordMetadata;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Records of one partition encoded as one record batch. The encoded bytes are kept unchanged across retries
 * (which idempotent producing requires) and released exactly once, when the batch completes.
 */
final class ProducerBatch {

    final TopicPartition partition;
    final List<PendingRecord> records;
    final ByteBuf encoded;
    int idGeneration = -1;
    final long createdNanos;
    int attempts;
    Throwable lastError;
    private boolean done;
    private boolean released;

    ProducerBatch(TopicPartition partition, List<PendingRecord> records, ByteBuf encoded, long createdNanos) {
        this.partition = partition;
        this.records = records;
        this.encoded = encoded;
        this.createdNanos = createdNanos;
    }

    /** The oldest record's enqueue time: delivery.timeout.ms counts from it. */
    long oldestNanos() {
        return records.get(0).enqueuedNanos;
    }

    /** Completes every record (bytes released separately); {@code baseOffset} -1 when unknown, {@code logAppendTime} -1 for create time. */
    void succeed(long baseOffset, long logAppendTime, FlushTracker flush, RecordAccumulator acc) {
        if (done) {
            return;
        }
        done = true;
        for (int i = 0; i < records.size(); i++) {
            PendingRecord r = records.get(i);
            acc.releaseMemory(r.estimatedSize);
            r.future.complete(new RecordMetadata(partition, baseOffset < 0 ? -1 : baseOffset + i,
                    logAppendTime >= 0 ? logAppendTime : r.timestamp, r.key == null ? -1 : r.key.length,
                    r.value == null ? -1 : r.value.length));
            flush.release(r.flushToken);
        }
    }

    /** Releases the encoded bytes once the network no longer needs them (idempotent). */
    void release() {
        if (!released) {
            released = true;
            encoded.release();
        }
    }

    /** Fails every record with {@code error} (the bytes are released separately, by {@link #release()}). */
    void fail(Throwable error, FlushTracker flush, RecordAccumulator acc) {
        if (done) {
            return;
        }
        done = true;
        for (PendingRecord r : records) {
            acc.releaseMemory(r.estimatedSize);
            r.future.completeExceptionally(error);
            flush.release(r.flushToken);
        }
    }
}
