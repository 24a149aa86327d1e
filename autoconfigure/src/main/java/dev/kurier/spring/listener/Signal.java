package dev.kurier.spring.listener;

import java.util.concurrent.TimeUnit;

/**
 * Wakes threads waiting for something to change in a container (a stop, a revocation, a worker done with its work)
 * instead of having them poll. A waiter reads {@link #generation()}, checks its condition, and then
 * {@link #await}s that generation: a signal in between is not missed.
 */
final class Signal {

    private long generation;

    /** The count of signals so far. */
    synchronized long generation() {
        return generation;
    }

    /** Wakes every waiter. */
    synchronized void signalAll() {
        generation++;
        notifyAll();
    }

    /** Waits until a signal after {@code seen}, or {@code nanos} passed; returns at once if one came already. */
    synchronized void await(long seen, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
