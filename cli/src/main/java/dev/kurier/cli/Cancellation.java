package dev.kurier.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Asks a running command to stop: {@code main}'s shutdown hook (Ctrl-C, SIGTERM) cancels, and so can a test
 * that runs a command in a thread. Commands register what unblocks them (a consumer's wakeup) and check
 * {@link #isCancelled()} between steps.
 */
final class Cancellation {

    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    private volatile boolean actionsFinishTheCommand;

    /** Cancels (once) and runs the registered actions. */
    void cancel() {
        synchronized (this) {
            if (isCancelled()) {
                return;
            }
            cancelled.countDown();
        }
        for (Runnable r : actions) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // best effort: the command is stopping anyway
            }
        }
    }

    /** Whether {@link #cancel()} was called. */
    boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Runs {@code action} on cancel (at once if already cancelled). */
    void onCancel(Runnable action) {
        synchronized (this) {
            if (!isCancelled()) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }

    /**
     * Declares that the registered actions complete what the command must do when cancelled, so a shutdown
     * need not wait for the command itself: for a command that may be blocked reading stdin, which no interrupt
     * unblocks.
     */
    void actionsFinishTheCommand() {
        actionsFinishTheCommand = true;
    }

    /** Whether a shutdown should wait for the command to return after {@link #cancel()}. */
    boolean awaitCommandOnCancel() {
        return !actionsFinishTheCommand;
    }

    /** Blocks until cancelled; an interrupt of the waiting thread also ends the wait. */
    void await() throws InterruptedException {
        cancelled.await();
    }
}
