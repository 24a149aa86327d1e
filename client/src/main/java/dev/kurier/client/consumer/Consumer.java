package dev.kurier.client.consumer;

import dev.kurier.client.common.TopicPartition;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Reads records from Kafka. Not thread-safe: one thread polls; {@link #wakeup()} may be called from any
 * thread. Create with {@link dev.kurier.client.KurierClient#consumer}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Consumer<K, V> extends AutoCloseable {

    /** Reads exactly these partitions (the SimpleConsumer mode), replacing any previous assignment. */
    void assign(Collection<TopicPartition> partitions);

    /** The partitions currently assigned. */
    Set<TopicPartition> assignment();

    /**
     * Returns the records available now, waiting up to {@code timeout} for some. Positions without an offset
     * are reset by {@code auto.offset.reset}.
     *
     * @throws WakeupException if {@link #wakeup()} was called
     */
    ConsumerRecords<K, V> poll(Duration timeout);

    /** The next offset poll will return for {@code partition}, resolving it by {@code auto.offset.reset} if unset. */
    long position(TopicPartition partition);

    /** Next poll reads {@code partition} from {@code offset}. */
    void seek(TopicPartition partition, long offset);

    /** Next poll reads these partitions from their first available offset. */
    void seekToBeginning(Collection<TopicPartition> partitions);

    /** Next poll reads these partitions from their end (only new records). */
    void seekToEnd(Collection<TopicPartition> partitions);

    /** The first available offsets (log start). */
    Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions);

    /** The end offsets (high watermark, or last stable offset under read_committed). */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

    /** Makes a blocked or the next {@link #poll} throw {@link WakeupException}; safe from any thread. */
    void wakeup();

    /** Stops fetching and releases buffers, waiting up to {@code timeout}. */
    void close(Duration timeout);

    @Override
    void close();
}
