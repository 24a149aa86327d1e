package dev.kurier.client.producer.internals;

import dev.kurier.client.producer.RecordMetadata;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code send} returns, carrying the few facts about its record that the acknowledgement needs: once the
 * record's bytes are in the batch buffer, this is the only object kept per record.
 */
final class RecordFuture extends CompletableFuture<RecordMetadata> {

    final long timestamp;
    final int keySize;
    final int valueSize;
    /** When {@code send} was called: send-to-ack latency is measured from here. */
    final long sentNanos;

    RecordFuture(long timestamp, int keySize, int valueSize, long sentNanos) {
        this.timestamp = timestamp;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.sentNanos = sentNanos;
    }
}
