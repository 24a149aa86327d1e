package dev.kurier.client.producer.internals;

import dev.kurier.client.common.Header;
import dev.kurier.client.producer.RecordMetadata;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A serialized record waiting in a partition queue, with the future its sender holds. */
final class PendingRecord {

    final long timestamp;
    final byte[] key;
    final byte[] value;
    final List<Header> headers;
    final int estimatedSize;
    final long enqueuedNanos;
    final CompletableFuture<RecordMetadata> future;
    final FlushTracker.Token flushToken;

    PendingRecord(long timestamp, byte[] key, byte[] value, List<Header> headers, int estimatedSize,
                  long enqueuedNanos, CompletableFuture<RecordMetadata> future, FlushTracker.Token flushToken) {
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.estimatedSize = estimatedSize;
        this.enqueuedNanos = enqueuedNanos;
        this.future = future;
        this.flushToken = flushToken;
    }
}
