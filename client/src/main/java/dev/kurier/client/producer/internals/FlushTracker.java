package dev.kurier.client.producer.internals;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets {@code flush()} wait for exactly the records sent before it, even while other threads keep sending:
 * records are counted per flush generation, and a flush waits for the generations up to its own to drain.
 */
final class FlushTracker {

    /** The generation a record was sent in. */
    static final class Token {
        private final AtomicLong outstanding = new AtomicLong();
    }

    private final ConcurrentHashMap<Long, Token> generations = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** Counts one more record in the current generation. */
    Token acquire() {
        Token t = generations.computeIfAbsent(generation.get(), g -> new Token());
        t.outstanding.incrementAndGet();
        return t;
    }

    /** A record of {@code token}'s generation completed. */
    void release(Token token) {
        if (token.outstanding.decrementAndGet() == 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Starts a new generation and waits until every earlier record completed, or {@code timeout} passed. */
    boolean awaitAllBefore(Duration timeout) throws InterruptedException {
        long upTo = generation.getAndIncrement();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                boolean busy = false;
                for (var e : generations.entrySet()) {
                    if (e.getKey() <= upTo) {
                        if (e.getValue().outstanding.get() > 0) {
                            busy = true;
                        } else {
                            generations.remove(e.getKey(), e.getValue());
                        }
                    }
                }
                if (!busy) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
            }
        }
    }
}
