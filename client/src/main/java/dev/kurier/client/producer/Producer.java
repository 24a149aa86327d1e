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

    /**
     * Readies a transactional producer ({@code transactional.id} set): finds the transaction coordinator, gets the
     * producer id and epoch, fences any earlier producer with the same id and completes or aborts what it left open.
     * Call once, before the first transaction. Blocks for at most {@code max.block.ms}.
     *
     * @throws IllegalStateException           without {@code transactional.id}, or when called twice
     * @throws TransactionTimeoutException     when {@code max.block.ms} passed first: call it again
     * @throws TransactionFatalException       when the id is not authorized or the broker refused the settings
     */
    default void initTransactions() {
        throw new UnsupportedOperationException("this producer does not support transactions");
    }

    /**
     * Opens a transaction: every record sent until {@link #commitTransaction()} or {@link #abortTransaction()} belongs to
     * it. Sends outside a transaction throw {@link IllegalStateException}.
     */
    default void beginTransaction() {
        throw new UnsupportedOperationException("this producer does not support transactions");
    }

    /**
     * Adds a consumer's offsets to the open transaction, so that they are committed exactly when its records are
     * (read-process-write). {@code groupMetadata} comes from {@code Consumer#groupMetadata()}: the group coordinator
     * refuses the offsets if that member's generation has moved on (KIP-447), so a zombie cannot commit.
     *
     * @throws TransactionAbortableException when the group refused the offsets or the transaction already failed
     */
    default void sendOffsetsToTransaction(java.util.Map<dev.kurier.client.common.TopicPartition,
            dev.kurier.client.group.OffsetAndMetadata> offsets, dev.kurier.client.group.GroupMetadata groupMetadata) {
        throw new UnsupportedOperationException("this producer does not support transactions");
    }

    /**
     * Sends every record of the transaction, waits for their acknowledgements, then commits: read_committed consumers
     * see the records and the group sees the offsets, all or nothing. Blocks for at most {@code max.block.ms}.
     *
     * @throws TransactionAbortableException when a record or the offsets failed: call {@link #abortTransaction()}
     * @throws TransactionTimeoutException   when {@code max.block.ms} passed first: call it again
     * @throws TransactionFatalException     when the producer was fenced ({@link ProducerFencedException}): close it
     */
    default void commitTransaction() {
        throw new UnsupportedOperationException("this producer does not support transactions");
    }

    /**
     * Aborts the open transaction: records not yet sent fail with {@link TransactionAbortedException}, and nothing of
     * the transaction becomes visible to read_committed consumers. The producer can begin the next one.
     *
     * @throws TransactionTimeoutException when {@code max.block.ms} passed first: call it again
     * @throws TransactionFatalException   when the producer was fenced: close it
     */
    default void abortTransaction() {
        throw new UnsupportedOperationException("this producer does not support transactions");
    }

    /** Waits for queued records to complete, up to {@code timeout}; fails the rest; releases threads. */
    void close(Duration timeout);

    /** {@link #close(Duration)} with no time limit beyond {@code delivery.timeout.ms}. */
    @Override
    void close();
}
