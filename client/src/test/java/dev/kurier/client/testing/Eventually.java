package dev.kurier.client.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/** Waits in tests for a condition that other threads (or the broker) make true; never longer than asked. */
public final class Eventually {

    private Eventually() {
    }

    /**
     * Polls {@code condition} (Awaitility, every 50 ms; an exception counts as "not yet") until it is true; fails
     * naming {@code what} after {@code max}.
     */
    public static void waitFor(Duration max, String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(max).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(condition);
    }

    /**
     * Calls {@code step} again and again on this thread, without pausing (the step itself waits, as a {@code poll}
     * does), until it returns true; fails naming {@code what} after {@code max}. For loops that consume until they
     * have seen enough.
     */
    public static void repeat(Duration max, String what, Callable<Boolean> step) {
        Awaitility.await(what).atMost(max).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1)).until(step);
    }

    /** A step that may throw anything. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /**
     * Calls {@code step} again and again on this thread until it throws, and returns what it threw (for loops that
     * poll until an error surfaces); fails naming {@code what} after {@code max}.
     */
    public static Throwable untilThrown(Duration max, String what, Step step) {
        long deadline = System.nanoTime() + max.toNanos();
        do {
            try {
                step.run();
            } catch (Throwable t) {
                return t;
            }
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError("not within " + max.toMillis() + " ms: " + what);
    }
}
