package dev.kurier.spring;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Waits in tests for a condition that other threads make true; never longer than asked (Awaitility). */
public final class Eventually {

    private Eventually() {
    }

    /**
     * Polls {@code condition} every 10 ms (an exception counts as "not yet") until it is true; fails with an
     * {@link AssertionError} naming {@code what} after {@code max}.
     */
    public static void waitFor(Duration max, String what, Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(max).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + max.toMillis() + " ms: " + what, e);
        }
    }

    /**
     * Calls {@code step} again and again on this thread, without pausing (the step itself waits, as a {@code poll}
     * does), until it returns true; fails naming {@code what} after {@code max}.
     */
    public static void repeat(Duration max, String what, Callable<Boolean> step) {
        try {
            Awaitility.await(what).atMost(max).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(step);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + max.toMillis() + " ms: " + what, e);
        }
    }
}
