package dev.kurier.client.producer.internals;

import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.producer.SendCallback;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code send} returns, carrying the few facts about its record that the acknowledgement needs: once the
 * record's bytes are in the batch buffer, this is the only object kept per record. A delivery callback is held here
 * and called directly, so that {@code send(record, callback)} costs no completion stage per record.
 */
final class RecordFuture extends CompletableFuture<RecordMetadata> {

    private static final Logger log = LoggerFactory.getLogger(RecordFuture.class);

    final long timestamp;
    final int keySize;
    final int valueSize;
    /** When {@code send} was called: send-to-ack latency is measured from here. */
    final long sentNanos;

    /** The delivery report given to {@code send}, called right after the future completes; may be null. */
    private final SendCallback callback;

    RecordFuture(long timestamp, int keySize, int valueSize, long sentNanos) {
        this(timestamp, keySize, valueSize, sentNanos, null);
    }

    RecordFuture(long timestamp, int keySize, int valueSize, long sentNanos, SendCallback callback) {
        this.timestamp = timestamp;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.sentNanos = sentNanos;
        this.callback = callback;
    }

    /** Completes with {@code metadata}, then reports it to the callback. */
    void succeed(RecordMetadata metadata) {
        complete(metadata);
        if (callback != null) {
            report(metadata, null);
        }
    }

    /** Fails with {@code error}, then reports it to the callback. */
    void fail(Throwable error) {
        completeExceptionally(error);
        if (callback != null) {
            report(null, error);
        }
    }

    private void report(RecordMetadata metadata, Throwable error) {
        try {
            callback.onCompletion(metadata, error);
        } catch (RuntimeException e) {
            // The callback's own failure must not stop the reports of the records after it.
            log.warn("a send callback threw; the producer goes on", e);
        }
    }
}
