package dev.kurier.spring.listener;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long apart a failed record is tried again: {@code maxAttempts} calls in all (the first one
 * included), waiting {@code initialInterval} after the first failure and {@code multiplier} times longer after each
 * further one, never longer than {@code maxInterval}. A multiplier of 1 gives a fixed back-off.
 *
 * @param initialInterval wait after the first failed attempt
 * @param multiplier      growth of the wait per failed attempt, at least 1
 * @param maxInterval     longest wait, at least {@code initialInterval}
 * @param maxAttempts     calls in all, at least 1 (1: no retry)
 */
public record BackOff(Duration initialInterval, double multiplier, Duration maxInterval, int maxAttempts) {

    /** No retry: the first failure goes to the recoverer. */
    public static final BackOff NONE = new BackOff(Duration.ZERO, 1.0, Duration.ZERO, 1);

    /** Validates the values. */
    public BackOff {
        Objects.requireNonNull(initialInterval, "initialInterval");
        Objects.requireNonNull(maxInterval, "maxInterval");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        if (initialInterval.isNegative()) {
            throw new IllegalArgumentException("initial interval must not be negative, got " + initialInterval);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1, got " + multiplier);
        }
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("max interval (" + maxInterval + ") must not be below the initial interval ("
                    + initialInterval + ")");
        }
    }

    /** {@code maxAttempts} calls {@code interval} apart. */
    public static BackOff fixed(Duration interval, int maxAttempts) {
        return new BackOff(interval, 1.0, interval, maxAttempts);
    }

    /**
     * The wait after failed attempt number {@code failedAttempts} (1 for the first call) before the next one, or
     * {@code null} when no attempt is left.
     */
    public Duration delayAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failed attempts start at 1, got " + failedAttempts);
        }
        if (failedAttempts >= maxAttempts) {
            return null;
        }
        double millis = initialInterval.toMillis() * Math.pow(multiplier, failedAttempts - 1);
        long max = maxInterval.toMillis();
        // pow may overflow to infinity for many attempts: the cap handles it
        return Duration.ofMillis(millis >= max ? max : (long) millis);
    }

    /** The longest a record can spend in back-off waits before it is recovered. */
    public Duration totalDelay() {
        Duration sum = Duration.ZERO;
        for (int i = 1; i < maxAttempts; i++) {
            sum = sum.plus(delayAfter(i));
        }
        return sum;
    }
}
