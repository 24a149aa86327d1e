package dev.kurier.benchmarks.spring;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Counts received records of one run: when the first arrived, when the {@code expected}-th did. */
final class ReceiveCounter {

    private final long expected;
    private final AtomicLong count = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long firstNanos;
    private volatile long lastNanos;

    ReceiveCounter(long expected) {
        this.expected = expected;
    }

    /** One record arrived (any thread). */
    void received(byte[] value) {
        long n = count.incrementAndGet();
        if (n == 1) {
            firstNanos = System.nanoTime();
        }
        if (n == expected) {
            lastNanos = System.nanoTime();
            done.countDown();
        }
    }

    /** Waits for all records; false on timeout. */
    boolean await(long seconds) throws InterruptedException {
        return done.await(seconds, TimeUnit.SECONDS);
    }

    long count() {
        return count.get();
    }

    long firstNanos() {
        return firstNanos;
    }

    long lastNanos() {
        return lastNanos;
    }
}
