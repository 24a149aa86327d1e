package dev.kurier.client.producer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends records to Kafka asynchronously. Thread-safe: share one producer across threads.
 * Create with {@link dev.kurier.client.KurierClient#producer}.
 *
 * <p>Futures complete on the producer's I/O threads: do not block in their callbacks.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Producer<K, V> extends AutoCloseable {

    /**
     * Queues {@code record} for sending. The future completes when the broker acknowledges it (per {@code acks}),
     * or fails with the reason: a serializer error, a record too large, a topic that does not appear within
     * {@code max.block.ms}, a delivery timeout.
     *
     * <p>The key, value and headers are serialized and copied into the partition's batch before this method returns,
     * so the caller may reuse or change their arrays afterwards. With {@code compression.type} set, the call whose
     * record fills a batch also compresses that batch (as kafka-clients compresses while appending), so the
     * compression work is shared by the sending threads instead of holding up the producer's one I/O thread.
     *
     * <p>It blocks only for topic metadata and for queue room, at most {@code max.block.ms} in all: when
     * {@code buffer.memory} or {@code queue.buffering.max.messages} is reached, and, with {@code enable.pacing}, when
     * this producer has been sending faster than the brokers take records for a while (then it waits at a short queue,
     * never failing for it, instead of filling {@code buffer.memory}).
     *
     * @throws IllegalStateException if the producer is closed
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record);

    /** {@link #send(ProducerRecord)} that also calls {@code callback} (the delivery report) on completion. */
    default CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, SendCallback callback) {
        CompletableFuture<RecordMetadata> f = send(record);
        f.whenComplete((md, err) -> callback.onCompletion(md, err == null ? null
                : err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err));
        return f;
    }

    /**
     * Sends and waits for the acknowledgement.
     *
     * @throws dev.kurier.client.errors.KurierException (or a subtype) when the send failed
     */
    RecordMetadata sendSync(ProducerRecord<K, V> record);

    /** Sends everything queued now and waits until each of those records completed (acknowledged or failed). */
    void flush();

    /** Waits for queued records to complete, up to {@code timeout}; fails the rest; releases threads. */
    void close(Duration timeout);

    /** {@link #close(Duration)} with no time limit beyond {@code delivery.timeout.ms}. */
    @Override
    void close();
}
