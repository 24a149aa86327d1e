package dev.kurier.client.consumer;

import dev.kurier.client.common.TopicPartition;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A member of a share group (KIP-932, "queues for Kafka"; Kafka 4.2 or newer): many consumers read the same
 * partitions, each record is delivered to one of them at a time and acknowledged one by one, and a record not
 * acknowledged within the broker's acquisition lock time goes to another consumer. Made by
 * {@code KurierClient#shareConsumer}.
 *
 * <p>{@code share.acknowledgement.mode=implicit} (the default): every record a {@link #poll} returned is accepted by
 * the next {@code poll}, {@link #commitSync} or {@link #close}. {@code explicit}: only what the application
 * {@link #acknowledge acknowledges} is; a record left unacknowledged is delivered again after the lock expires, unless
 * it is {@link AcknowledgeType#RENEW renewed} (Kafka 4.2+): then its lock starts over and it stays this consumer's.
 * {@code share.acquire.mode=record_limit} (Kafka 4.2+) keeps each poll within {@code max.poll.records}.
 *
 * <p>A fetcher thread per consumer does the network work: it fetches while {@link #poll} waits (so locks do not run
 * down while the application works) and sends acknowledgements as they are made, renewals first; {@code commitSync}
 * waits for them. Not thread-safe except {@link #wakeup}, {@link #acknowledge} and {@link #metrics}: records may be
 * processed and acknowledged on other threads while the polling thread fetches.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface ShareConsumer<K, V> extends AutoCloseable {

    /** Joins the share group ({@code group.id}) for {@code topics} at the next poll. */
    void subscribe(Collection<String> topics);

    /** The topics subscribed to. */
    Set<String> subscription();

    /** Leaves the share group (pending acknowledgements are sent first). */
    void unsubscribe();

    /** The records delivered to this consumer, waiting up to {@code timeout} for some. */
    ConsumerRecords<K, V> poll(Duration timeout);

    /** Accepts {@code record} (explicit mode; in implicit mode an override of the default). */
    default void acknowledge(ConsumerRecord<K, V> record) {
        acknowledge(record, AcknowledgeType.ACCEPT);
    }

    /**
     * Acknowledges {@code record} as {@code type}; sent with the next fetch or commit. Any thread, while the record's
     * acquisition lock lasts (explicit mode: until acknowledged or expired; implicit mode: until the next poll).
     *
     * @throws IllegalStateException when the consumer does not hold the record (never delivered, acknowledged
     *     already, or its lock expired)
     */
    void acknowledge(ConsumerRecord<K, V> record, AcknowledgeType type);

    /** How often {@code record} of the last poll has been delivered (1 the first time). */
    int deliveryCount(ConsumerRecord<K, V> record);

    /**
     * Sends the pending acknowledgements now and waits up to {@code timeout}; per partition, the error the broker
     * gave, if any (an acknowledgement whose lock had expired is refused: the record went to another consumer).
     */
    Map<TopicPartition, Exception> commitSync(Duration timeout);

    /** {@link #commitSync(Duration)} within {@code default.api.timeout.ms}. */
    Map<TopicPartition, Exception> commitSync();

    /**
     * Sends the pending acknowledgements without waiting (within {@code default.api.timeout.ms}); the future gives
     * what {@link #commitSync} would and completes on the consumer's fetcher thread, so stages that block belong on
     * another executor.
     */
    java.util.concurrent.CompletableFuture<Map<TopicPartition, Exception>> commitAsync();

    /** The broker's acquisition lock time: how long a delivered record stays this consumer's (-1 before a fetch). */
    int acquisitionLockTimeoutMs();

    /** What this consumer acquired and acknowledged, and its lock expiries; any thread. */
    ShareConsumerMetrics metrics();

    /** Makes a blocked {@link #poll} return. Any thread. */
    void wakeup();

    /** Sends the pending acknowledgements, leaves the group and releases everything, within {@code timeout}. */
    void close(Duration timeout);

    @Override
    void close();
}
