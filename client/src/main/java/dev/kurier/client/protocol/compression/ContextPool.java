package dev.kurier.client.protocol.compression;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A small lock-free pool of codec contexts that are expensive to create and hold native memory (zlib
 * deflaters and inflaters, zstd contexts). Borrowing reuses an idle context or creates one; releasing
 * resets it and keeps at most {@code maxIdle} of them, freeing the rest at once.
 *
 * <p>Why a pool rather than thread-locals: compression runs on whatever threads the application sends from
 * and the client consumes on, possibly many and short-lived. A thread-local would keep one native context
 * per thread that ever compressed, freed only when the thread dies (and for zstd-jni contexts, not even
 * then). A bounded pool keeps the memory proportional to the real concurrency.
 */
final class ContextPool<T> {

    /** Idle contexts kept per pool: enough for every core to be mid-operation. */
    static final int DEFAULT_MAX_IDLE = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Supplier<T> factory;
    private final Consumer<T> reset;
    private final Consumer<T> dispose;
    private final int maxIdle;
    private final Queue<T> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    ContextPool(Supplier<T> factory, Consumer<T> reset, Consumer<T> dispose, int maxIdle) {
        this.factory = factory;
        this.reset = reset;
        this.dispose = dispose;
        this.maxIdle = maxIdle;
    }

    /** An idle context, or a new one. Give it back with {@link #release}. */
    T borrow() {
        T context = idle.poll();
        if (context == null) {
            return factory.get();
        }
        idleCount.decrementAndGet();
        return context;
    }

    /** Resets {@code context} (it may have failed mid-stream) and keeps it if the pool has room. */
    void release(T context) {
        try {
            reset.accept(context);
        } catch (RuntimeException e) {
            dispose.accept(context);
            return;
        }
        if (idleCount.incrementAndGet() <= maxIdle) {
            idle.offer(context);
        } else {
            idleCount.decrementAndGet();
            dispose.accept(context);
        }
    }

    /** Contexts currently idle (for tests). */
    int idleCount() {
        return idleCount.get();
    }
}
