package dev.kurier.client.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits in tests for a condition that other threads (or the broker) make true; never longer than asked. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls {@code condition} every 50 ms until it is true; fails with {@code what} and the last error after {@code max}. */
    public static void waitFor(Duration max, String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + max.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("not within " + max.toMillis() + " ms: " + what, last);
    }
}
