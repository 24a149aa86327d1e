package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecords;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Where a {@link ListenerContainer} gets its records: the part that changes between the SimpleConsumer mode
 * ({@link AssignedPartitionsSource}: every partition of the topics, assigned explicitly) and group consumption
 * ({@link GroupRecordSource}: subscribe, rebalances, commits). A {@link RecordSourceFactory} bean picks one per
 * listener.
 *
 * <p>Every method but {@link #wakeup()} is called on the container's poll thread only.
 */
public interface RecordSource {

    /** Told when partitions come and go, so the container can drain and forget them. */
    interface AssignmentListener {
        /** The source now reads {@code partitions} too. */
        void assigned(Collection<TopicPartition> partitions);

        /**
         * The source stops reading {@code partitions}. A group source calls this before the rebalance completes:
         * the container stops handing out their records, waits (bounded) for the ones being processed, forgets
         * them and returns, per partition that saw records, the next offset to commit for it.
         */
        Map<TopicPartition, Long> revoked(Collection<TopicPartition> partitions);

        /**
         * {@code partitions} were lost (the member dropped out of the group): the container stops handing out
         * their records and forgets them at once; nothing is committed for them.
         */
        default void lost(Collection<TopicPartition> partitions) {
            revoked(partitions);
        }
    }

    /**
     * Opens the consumer and takes partitions. {@code resumeFrom} holds, for partitions read before a restart,
     * the next offset to read (a group source prefers its committed offsets). Throws when it cannot take any
     * partition yet (a topic that does not exist); the container retries.
     */
    void open(Map<TopicPartition, Long> resumeFrom, AssignmentListener listener);

    /** The records available now, waiting up to {@code timeout}. */
    ConsumerRecords<byte[], byte[]> poll(Duration timeout);

    /** Looks again for partitions to read (added partitions, new topics matching a pattern). */
    void refreshAssignment();

    /** The partitions read now. */
    Set<TopicPartition> assignment();

    /**
     * Records before these offsets are processed (per partition, the lowest unacknowledged offset). The simple
     * source only remembers them; a group source commits them (at most every commit interval, and when closing).
     */
    void commit(Map<TopicPartition, Long> nextOffsets);

    /** The end offsets (high watermarks) of the partitions read, for lag. */
    Map<TopicPartition, Long> endOffsets();

    /** The committed offsets last seen per partition (nothing without a group); no request is made. */
    default Map<TopicPartition, Long> committedOffsets() {
        return Map.of();
    }

    /**
     * The consumer group's metadata (generation, member id) for offsets sent in a transaction, or {@code null} when
     * the source reads without a group.
     */
    default dev.kurier.client.group.GroupMetadata groupMetadata() {
        return null;
    }

    /**
     * {@code nextOffsets} were committed with a listener transaction: a group source does not commit them again
     * (nor at close, when the broker may be gone).
     */
    default void committedInTransaction(Map<TopicPartition, Long> nextOffsets) {
    }

    /**
     * Where the container's acknowledgements beyond a commit come from: for a partition and the offset committed,
     * the acknowledged offsets above it (ascending). A source that commits puts them in the commit's metadata
     * ({@code acks.persist}), so that a restart does not deliver them again. Called once, before {@link #open}.
     */
    default void acknowledgedBeyond(java.util.function.BiFunction<TopicPartition, Long, long[]> acked) {
    }

    /** The consumer's own meters (fetch queues, time lag), or {@code null} when it has none. */
    default dev.kurier.client.consumer.internals.ConsumerMetrics consumerMetrics() {
        return null;
    }

    /** The next offset a poll returns for {@code partition}. */
    long position(TopicPartition partition);

    /**
     * The container pauses: stop returning records until {@link #resume()}. Returns whether the container must
     * keep calling {@link #poll} meanwhile (a group member must, or it leaves the group); if not, the container
     * simply stops polling.
     */
    default boolean pause() {
        return false;
    }

    /** The container resumes after {@link #pause()}. */
    default void resume() {
    }

    /**
     * Stops returning records of {@code partitions} (a worker queue they feed is full) until
     * {@link #resumePartitions}; partitions not read (any more) are ignored. Independent of {@link #pause()}.
     */
    void pausePartitions(Collection<TopicPartition> partitions);

    /** Returns records of {@code partitions} again (unless the whole source is paused). */
    void resumePartitions(Collection<TopicPartition> partitions);

    /** Reads {@code partition} from {@code offset} next (a seek callback during an assignment). */
    default void seek(TopicPartition partition, long offset) {
        throw new UnsupportedOperationException("this record source cannot seek");
    }

    /** Reads {@code partitions} from their beginning. */
    default void seekToBeginning(Collection<TopicPartition> partitions) {
        throw new UnsupportedOperationException("this record source cannot seek");
    }

    /** Reads {@code partitions} from their end. */
    default void seekToEnd(Collection<TopicPartition> partitions) {
        throw new UnsupportedOperationException("this record source cannot seek");
    }

    /** Reads {@code partitions} from the first record at or after {@code timestampMillis}. */
    default void seekToTimestamp(Collection<TopicPartition> partitions, long timestampMillis) {
        throw new UnsupportedOperationException("this record source cannot seek");
    }

    /** Makes a blocked {@link #poll} return soon; any thread. */
    void wakeup();

    /** Releases the consumer, waiting up to {@code timeout}. */
    void close(Duration timeout);

    /** A short name of the mode for health and logs: {@code assigned}, {@code group}. */
    String mode();
}
