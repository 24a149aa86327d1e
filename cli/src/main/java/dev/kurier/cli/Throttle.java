package dev.kurier.cli;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds a send loop to about {@code recordsPerSecond}, the way Apache Kafka's performance tools do: whenever the
 * average rate since the start runs above the target, one record's worth of time (1 / rate) is added to a sleep
 * debt, and the debt is slept off once it reaches two milliseconds. A target of zero or less means no limit.
 * Used by one thread.
 */
final class Throttle {

    private static final long MIN_SLEEP_NANOS = 2_000_000;

    private final double recordsPerSecond;
    private final long startNanos;
    private final long nanosPerRecord;
    private long debtNanos;

    /** A throttle whose clock starts at {@code startNanos} ({@link System#nanoTime()}). */
    Throttle(double recordsPerSecond, long startNanos) {
        this.recordsPerSecond = recordsPerSecond;
        this.startNanos = startNanos;
        this.nanosPerRecord = recordsPerSecond > 0 ? (long) (1e9 / recordsPerSecond) : 0;
    }

    /** Whether there is a limit at all. */
    boolean limits() {
        return recordsPerSecond > 0;
    }

    /** Whether {@code sent} records by {@code nowNanos} is more than the target allows. */
    boolean ahead(long sent, long nowNanos) {
        if (!limits()) {
            return false;
        }
        long elapsed = nowNanos - startNanos;
        return elapsed > 0 && sent * 1e9 / elapsed > recordsPerSecond;
    }

    /** Adds one record's worth of sleep debt and sleeps it off once it is large enough to sleep accurately. */
    void pause() {
        debtNanos += nanosPerRecord;
        if (debtNanos < MIN_SLEEP_NANOS) {
            return;
        }
        long until = System.nanoTime() + debtNanos;
        long left;
        while ((left = until - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(this, left);
        }
        debtNanos = 0;
    }
}
