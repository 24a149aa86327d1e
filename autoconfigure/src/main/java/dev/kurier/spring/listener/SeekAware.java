package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import java.util.Collection;

/**
 * Implemented by a bean with {@code @KurierListener} methods (or given to a container) to hear of its partitions
 * coming and going and to choose where reading starts (Spring Kafka's {@code ConsumerSeekAware} and rebalance
 * listener). Called on the container's poll thread, before any record of the assigned partitions is read.
 */
public interface SeekAware {

    /**
     * {@code partitions} were assigned to the listener's container: seek any of them with {@code seek} (they start
     * from the committed offset, else {@code auto.offset.reset}, unless moved here).
     */
    void onPartitionsAssigned(Collection<TopicPartition> partitions, SeekCallback seek);

    /**
     * {@code partitions} were given up (after the records being processed were waited for and committed); {@code lost}
     * when they were lost without a commit.
     */
    default void onPartitionsRevoked(Collection<TopicPartition> partitions, boolean lost) {
    }

    /** Moves where a partition is read from; only during {@link #onPartitionsAssigned}. */
    interface SeekCallback {
        /** Reads {@code partition} from {@code offset}. */
        void seek(TopicPartition partition, long offset);

        /** Reads {@code partitions} from their first record. */
        void seekToBeginning(Collection<TopicPartition> partitions);

        /** Reads only records written after now. */
        void seekToEnd(Collection<TopicPartition> partitions);

        /** Reads from the first record with a timestamp at or after {@code timestampMillis} (the end if none). */
        void seekToTimestamp(Collection<TopicPartition> partitions, long timestampMillis);
    }
}
