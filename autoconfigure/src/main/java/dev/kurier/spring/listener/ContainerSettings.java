package dev.kurier.spring.listener;

import java.time.Duration;

/**
 * How a {@link ListenerContainer} runs (from {@code kurier.listener.*}).
 *
 * @param pollTimeout               longest wait of one poll
 * @param shutdownTimeout           how long stopping may take, draining records handed out
 * @param queueCapacity             records queued per worker (a batch counts its records); work beyond it is
 *                                  parked and its partitions held back
 * @param assignmentRefreshInterval how often the source looks for new partitions
 * @param lagRefreshInterval        how often lag is measured; zero turns it off
 * @param retryBackoff              wait after a failed open or poll before trying again
 * @param revokeTimeout             how long a revocation waits for records of the revoked partitions that are
 *                                  being processed before their offsets are committed
 * @param maxPendingRecords         records handed out and not acknowledged at which reading is held back
 * @param idleEventInterval         after how long without records an idle event is published (and again every
 *                                  interval); zero turns them off
 */
public record ContainerSettings(Duration pollTimeout, Duration shutdownTimeout, int queueCapacity,
                                Duration assignmentRefreshInterval, Duration lagRefreshInterval, Duration retryBackoff,
                                Duration revokeTimeout, int maxPendingRecords, Duration idleEventInterval) {

    /** The default of {@code kurier.listener.max-pending-records}. */
    public static final int DEFAULT_MAX_PENDING_RECORDS = 20_000;

    /** Settings with a revoke timeout of 10 seconds. */
    public ContainerSettings(Duration pollTimeout, Duration shutdownTimeout, int queueCapacity,
                             Duration assignmentRefreshInterval, Duration lagRefreshInterval, Duration retryBackoff) {
        this(pollTimeout, shutdownTimeout, queueCapacity, assignmentRefreshInterval, lagRefreshInterval, retryBackoff,
                Duration.ofSeconds(10));
    }

    /** Settings with at most {@link #DEFAULT_MAX_PENDING_RECORDS} records unacknowledged. */
    public ContainerSettings(Duration pollTimeout, Duration shutdownTimeout, int queueCapacity,
                             Duration assignmentRefreshInterval, Duration lagRefreshInterval, Duration retryBackoff,
                             Duration revokeTimeout) {
        this(pollTimeout, shutdownTimeout, queueCapacity, assignmentRefreshInterval, lagRefreshInterval, retryBackoff,
                revokeTimeout, DEFAULT_MAX_PENDING_RECORDS);
    }

    /** Settings without idle events. */
    public ContainerSettings(Duration pollTimeout, Duration shutdownTimeout, int queueCapacity,
                             Duration assignmentRefreshInterval, Duration lagRefreshInterval, Duration retryBackoff,
                             Duration revokeTimeout, int maxPendingRecords) {
        this(pollTimeout, shutdownTimeout, queueCapacity, assignmentRefreshInterval, lagRefreshInterval, retryBackoff,
                revokeTimeout, maxPendingRecords, Duration.ZERO);
    }

    /** Validates the values. */
    public ContainerSettings {
        idleEventInterval = idleEventInterval == null ? Duration.ZERO : idleEventInterval;
        if (maxPendingRecords < 1) {
            throw new IllegalArgumentException("max pending records must be at least 1, got " + maxPendingRecords);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + queueCapacity);
        }
        if (pollTimeout.isNegative() || shutdownTimeout.isNegative() || retryBackoff.isNegative()
                || revokeTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Sensible values for tests and code-built containers. */
    public static ContainerSettings defaults() {
        return new ContainerSettings(Duration.ofSeconds(1), Duration.ofSeconds(10), 1000, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(1));
    }
}
