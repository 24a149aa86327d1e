package dev.kurier.client.group;

import dev.kurier.client.cluster.CoordinatorLocator;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group member's offset commits and the waits of its polling thread, the same for both group protocols (classic
 * and KIP-848): synchronous and asynchronous commits as a given {@link Generation} (a member epoch in a KIP-848
 * group), commit callbacks run on the polling thread, auto-commits, committed-offset lookups, and bounded waits that
 * {@link #wakeup} cuts short.
 */
final class GroupCommits {

    private static final Logger log = LoggerFactory.getLogger(GroupCommits.class);

    private final GroupConfig config;
    private final GroupOffsets offsets;
    private final ConcurrentLinkedQueue<Runnable> completedCommits = new ConcurrentLinkedQueue<>();
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private volatile boolean woken;

    GroupCommits(GroupConfig config, GroupOffsets offsets) {
        this.config = config;
        this.offsets = offsets;
    }

    /** Commits and waits up to {@code timeout} (see {@link GroupCoordinator#commitSync(Map, Duration)}). */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> toCommit, Generation generation, Duration timeout) {
        long deadline = deadlineOf(timeout);
        CompletableFuture<Void> f = offsets.commit(Map.copyOf(toCommit), generation, deadline);
        waitFor(f, deadline, "committing " + toCommit.size() + " offset(s)");
    }

    /**
     * Commits without waiting, as the generation {@code generation} gives (it may throw: the commit then fails with
     * that); {@code callback} (nullable) runs on the polling thread later. Any thread.
     */
    CompletableFuture<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> toCommit,
                                        java.util.function.Supplier<Generation> generation,
                                        OffsetCommitCallback callback) {
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(toCommit);
        CompletableFuture<Void> f;
        try {
            f = offsets.commit(copy, generation.get(), deadlineOf(config.defaultApiTimeout()));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> tracked = f;
        inFlight.add(tracked);
        tracked.whenComplete((v, err) -> {
            inFlight.remove(tracked);
            if (callback != null) {
                Exception e = err == null ? null : asException(CoordinatorLocator.unwrap(err));
                completedCommits.add(() -> callback.onComplete(copy, e));
            } else if (err != null) {
                log.warn("group {}: asynchronous commit failed: {}", config.groupId(), CoordinatorLocator.messageOf(err));
            }
        });
        return tracked;
    }

    /**
     * An auto-commit of what {@code source} gives, the partitions {@code keep} accepts; a source that throws is logged
     * and nothing committed. Completes normally whatever happens.
     */
    CompletableFuture<Void> autoCommit(java.util.function.Supplier<Map<TopicPartition, OffsetAndMetadata>> source,
                                       java.util.function.Predicate<TopicPartition> keep, Generation generation,
                                       String why) {
        Map<TopicPartition, OffsetAndMetadata> toCommit;
        try {
            Map<TopicPartition, OffsetAndMetadata> all = new java.util.HashMap<>(source.get());
            all.keySet().removeIf(keep.negate());
            toCommit = Map.copyOf(all);
        } catch (RuntimeException e) {
            log.warn("group {}: the auto-commit offset source threw", config.groupId(), e);
            return CompletableFuture.completedFuture(null);
        }
        return autoCommit(toCommit, generation, why);
    }

    /** An auto-commit of {@code toCommit} ({@code why} for the logs); completes normally whatever happens. */
    CompletableFuture<Void> autoCommit(Map<TopicPartition, OffsetAndMetadata> toCommit, Generation generation,
                                       String why) {
        if (toCommit.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = offsets.commit(toCommit, generation, deadlineOf(config.defaultApiTimeout()));
        inFlight.add(f);
        f.whenComplete((v, err) -> {
            inFlight.remove(f);
            if (err != null) {
                log.warn("group {}: auto-commit ({}) of {} failed: {}", config.groupId(), why, toCommit,
                        CoordinatorLocator.messageOf(err));
            } else {
                log.debug("group {}: auto-committed ({}) {}", config.groupId(), why, toCommit);
            }
            wake();
        });
        return f.handle((v, err) -> null);
    }

    /** The committed offsets of {@code partitions}, waiting up to {@code timeout}. Polling thread. */
    Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions, Duration timeout) {
        runCallbacks();
        long deadline = deadlineOf(timeout);
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> f = offsets.fetch(List.copyOf(partitions), deadline);
        waitFor(f, deadline, "fetching committed offsets");
        return f.join();
    }

    /** The committed offsets of {@code partitions}, without blocking. Any thread. */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committedAsync(Collection<TopicPartition> partitions,
                                                                             Duration timeout) {
        return offsets.fetch(List.copyOf(partitions), deadlineOf(timeout));
    }

    /** The committed offsets last seen per partition, a live read-only view. Any thread. */
    Map<TopicPartition, Long> knownCommitted() {
        return offsets.knownCommitted();
    }

    /** Runs the callbacks of commits that completed. Polling thread. */
    void runCallbacks() {
        Runnable r;
        while ((r = completedCommits.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("group {}: an offset commit callback threw", config.groupId(), e);
            }
        }
    }

    /** Waits, up to the deadline, for the commits in flight (closing). */
    void awaitInFlight(long deadlineNanos) {
        for (CompletableFuture<Void> f : List.copyOf(inFlight)) {
            await(f, deadlineNanos);
        }
    }

    /** Makes the polling thread's current wait return. Any thread. */
    void wakeup() {
        woken = true;
        wake();
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Waits until {@code f} is done, the deadline passes or {@link #wakeup} is called; returns whether it is done. */
    boolean await(CompletableFuture<?> f, long deadlineNanos) {
        f.whenComplete((v, e) -> wake());
        synchronized (signal) {
            while (!f.isDone()) {
                if (woken) {
                    woken = false;
                    return false;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    signal.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KurierException("interrupted while waiting for group " + config.groupId(), e);
                }
            }
        }
        return true;
    }

    /** Waits for {@code condition} (re-checked when woken by {@link #wake}) until the deadline; returns it. */
    boolean awaitCondition(java.util.function.BooleanSupplier condition, long deadlineNanos) {
        synchronized (signal) {
            while (!condition.getAsBoolean()) {
                if (woken) {
                    woken = false;
                    return false;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    signal.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KurierException("interrupted while waiting for group " + config.groupId(), e);
                }
            }
        }
        return true;
    }

    /** Waits for {@code f} until the deadline, then throws its failure or {@link GroupTimeoutException}. */
    <T> void waitFor(CompletableFuture<T> f, long deadline, String what) {
        boolean done;
        synchronized (signal) {
            f.whenComplete((v, e) -> wake());
            while (!f.isDone() && deadline - System.nanoTime() > 0) {
                try {
                    signal.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KurierException("interrupted while " + what + " for group " + config.groupId(), e);
                }
            }
            done = f.isDone();
        }
        if (!done) {
            throw new GroupTimeoutException(what + " for group " + config.groupId() + " did not finish in time", null);
        }
        if (f.isCompletedExceptionally()) {
            Throwable cause = CoordinatorLocator.unwrap(f.handle((v, e) -> e).join());
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new KurierException(what + " for group " + config.groupId() + " failed", cause);
        }
    }

    static long deadlineOf(Duration timeout) {
        long now = System.nanoTime();
        long nanos;
        try {
            nanos = Math.max(0, timeout.toNanos());
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 4;
        }
        return now + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new KurierException(t.toString(), t);
    }
}
