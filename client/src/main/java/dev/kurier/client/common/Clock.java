package dev.kurier.client.common;

/**
 * Where a client reads the time: {@link #SYSTEM} in production. Producers, consumers and the metadata manager measure
 * their timeouts, back-offs, linger and expiry with the clock of their {@code KurierClient}, so tests can drive them
 * with a manual clock instead of waiting (as Caffeine's {@code Ticker} or kafka-clients' internal {@code Time}).
 * Waiting itself stays real: a component that waits for a deadline re-reads the clock at least every 100 ms.
 */
public interface Clock {

    /** The JVM's clocks. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public String toString() {
            return "Clock.SYSTEM";
        }
    };

    /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch, as {@link System#currentTimeMillis()} (record timestamps). */
    long currentTimeMillis();
}
