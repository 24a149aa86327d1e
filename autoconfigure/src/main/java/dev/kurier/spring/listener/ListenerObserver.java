package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import java.time.Duration;
import java.util.Collection;

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

    /**
     * Whether this observer wants {@link #processed} with timings: when no observer does, listener calls are not
     * timed (two clock reads per record saved).
     */
    default boolean timesCalls() {
        return true;
    }

    /** {@code container} opened its consumer and reads. */
    default void started(ListenerContainer container) {
    }

    /** {@code container} stopped; {@code failure} is {@code null} when it was asked to. */
    default void stopped(ListenerContainer container, Throwable failure) {
    }

    /** {@code container} received no records for {@code idleFor} (at each idle-event interval). */
    default void idle(ListenerContainer container, Duration idleFor) {
    }

    /** {@code container}'s poll thread has not come round its loop for {@code sinceLastPoll} (stuck, or starved). */
    default void nonResponsive(ListenerContainer container, Duration sinceLastPoll) {
    }

    /** {@code container} now also reads {@code partitions}. */
    default void partitionsAssigned(ListenerContainer container, Collection<TopicPartition> partitions) {
    }

    /** {@code container} gave {@code partitions} up; {@code lost} when nothing could be committed for them. */
    default void partitionsRevoked(ListenerContainer container, Collection<TopicPartition> partitions, boolean lost) {
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

    /**
     * {@code calls} successful listener calls of {@code listenerId}, one record each, took {@code nanos} together
     * (timed as one run, not call by call). By default reported as that many calls of equal share.
     */
    default void processedRun(String listenerId, int calls, long nanos) {
        for (int i = 0; i < calls; i++) {
            processed(listenerId, 1, nanos / calls, true);
        }
    }

    /** A share-group container was created (meters register here). */
    default void shareContainerCreated(ShareListenerContainer container) {
    }
}
