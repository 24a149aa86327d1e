package dev.kurier.client.group;

import dev.kurier.client.common.TopicPartition;
import java.util.Collection;

/**
 * Told when a consumer's partitions change. Every method runs on the consumer's polling thread, inside
 * {@code poll} (or {@code close}/{@code unsubscribe}), while the rebalance waits for it: a revocation
 * callback may commit offsets (the member's generation is still valid then) before the partitions move.
 *
 * <p>Under the eager protocol all partitions are revoked before every rebalance and the whole new assignment
 * is announced after it. Under the cooperative protocol only partitions that move are revoked, and
 * {@link #onPartitionsAssigned} receives only the newly added ones (possibly none).
 *
 * <p>An exception thrown here does not stop the rebalance; it is rethrown from {@code poll} afterwards.
 */
public interface ConsumerRebalanceListener {

    /**
     * These partitions are being taken away while this member still owns them: finish and commit their work
     * now, the new owner starts from the committed offsets.
     */
    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    /** These partitions are now this member's (positions start at their committed offsets). */
    void onPartitionsAssigned(Collection<TopicPartition> partitions);

    /**
     * These partitions were lost: the member dropped out of the group (session or poll timeout, fenced) and
     * they may already belong to another member, so committing for them would fail. By default the same as
     * {@link #onPartitionsRevoked}, as in kafka-clients.
     */
    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }

    /** A listener that does nothing. */
    ConsumerRebalanceListener NOOP = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
        }
    };
}
