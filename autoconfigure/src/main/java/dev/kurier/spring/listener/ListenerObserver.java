package dev.kurier.spring.listener;

/**
 * Observes listener containers, for metrics. Called on container threads: keep it fast and non-blocking.
 */
public interface ListenerObserver {

    /** An observer that ignores everything. */
    ListenerObserver NOOP = new ListenerObserver() {
    };

    /** {@code container} was created (not started yet): register per-container meters here. */
    default void containerCreated(ListenerContainer container) {
    }

    /**
     * The partitions of {@code container} changed (assigned, revoked, or first measured): per-partition meters
     * follow {@link ListenerContainer#partitionProgress()}.
     */
    default void partitionsChanged(ListenerContainer container) {
    }

    /** A poll of {@code listenerId} returned {@code count} records. */
    default void recordsReceived(String listenerId, int count) {
    }

    /**
     * One listener call of {@code listenerId} over {@code count} records took {@code nanos}; {@code success} is
     * false when the method threw.
     */
    default void processed(String listenerId, int count, long nanos, boolean success) {
    }
}
