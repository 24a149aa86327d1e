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
 * (subscribe, rebalances, commits), which plugs in as another implementation through a
 * {@link RecordSourceFactory} bean.
 *
 * <p>Every method but {@link #wakeup()} is called on the container's poll thread only.
 */
public interface RecordSource {

    /** Told when partitions come and go, so the container can drain and forget them. */
    interface AssignmentListener {
        /** The source now reads {@code partitions} too. */
        void assigned(Collection<TopicPartition> partitions);

        /**
         * The source stops reading {@code partitions}. A group source calls this before the rebalance completes,
         * after which the container has stopped handing out their records.
         */
        void revoked(Collection<TopicPartition> partitions);
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
     * Records before these offsets are processed. The simple source only remembers them; a group source commits
     * them.
     */
    void commit(Map<TopicPartition, Long> nextOffsets);

    /** The end offsets (high watermarks) of the partitions read, for lag. */
    Map<TopicPartition, Long> endOffsets();

    /** The next offset a poll returns for {@code partition}. */
    long position(TopicPartition partition);

    /** Makes a blocked {@link #poll} return soon; any thread. */
    void wakeup();

    /** Releases the consumer, waiting up to {@code timeout}. */
    void close(Duration timeout);

    /** A short name of the mode for health and logs: {@code assigned}, {@code group}. */
    String mode();
}
