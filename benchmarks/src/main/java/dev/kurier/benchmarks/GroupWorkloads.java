package dev.kurier.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The two group workloads of {@link GroupsSideBySide}, written once over a tiny member interface so that Kurier's and
 * kafka-clients' runs do exactly the same: share-group reading (N share consumers on threads of one JVM, each
 * accepting what it polls, until RECORDS were accepted) and rebalance time (10 members of a group read a 100-partition
 * topic that a producer outside keeps writing to, every partition every 50 ms or so; an 11th joins; the time until
 * every partition has delivered a record again since the join and the new member reads all it was given).
 */
final class GroupWorkloads {

    private GroupWorkloads() {
    }

    /** One consumer of either client, used by one thread. */
    interface Member extends AutoCloseable {
        /** Polls once; calls {@code sink} with each record's partition; returns how many records came. */
        int poll(java.util.function.IntConsumer sink);

        /** The partitions owned now (numbers of the one topic). */
        java.util.Set<Integer> owned();

        @Override
        void close();
    }

    /** Makes a member (a share consumer, or a group member of the given protocol). */
    interface Members {
        Member create();
    }

    /** Reads {@code records} with {@code consumers} share consumers; prints the summary line. */
    static void share(Members members, long records, int consumers) throws InterruptedException {
        AtomicLong accepted = new AtomicLong();
        AtomicLong firstNanos = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            Thread t = new Thread(() -> {
                try (Member m = members.create()) {
                    while (!done.get()) {
                        int n = m.poll(p -> { });
                        if (n > 0) {
                            firstNanos.compareAndSet(0, System.nanoTime());
                            if (accepted.addAndGet(n) >= records) {
                                done.set(true);
                            }
                        }
                    }
                }
            }, "share-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long nanos = System.nanoTime() - firstNanos.get();
        System.out.printf(Locale.ROOT, "%d records, %d consumers, %.1f records/sec%n", accepted.get(), consumers,
                accepted.get() / (nanos / 1e9));
    }

    /**
     * Ten members read {@code partitions} partitions that are written to all the time; once every partition delivers,
     * an eleventh joins; prints the milliseconds until every partition delivered a record after the join and the new
     * member read from each partition it owns.
     */
    static void rebalance(Members members, int partitions) throws InterruptedException {
        int size = 10;
        AtomicLongArray lastRecord = new AtomicLongArray(partitions);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        java.util.Map<Integer, Long> newcomerRead = new ConcurrentHashMap<>();
        java.util.Set<Integer>[] newcomerOwns = new java.util.Set[] {java.util.Set.of()};
        for (int i = 0; i <= size; i++) {
            boolean newcomer = i == size;
            Thread t = new Thread(() -> {
                try (Member m = members.create()) {
                    while (!stop.get()) {
                        m.poll(p -> {
                            long now = System.nanoTime();
                            lastRecord.set(p, now);
                            if (newcomer) {
                                newcomerRead.put(p, now);
                            }
                        });
                        if (newcomer) {
                            newcomerOwns[0] = m.owned();
                        }
                    }
                }
            }, "member-" + i);
            threads.add(t);
            if (!newcomer) {
                t.start();
            }
        }
        long settleDeadline = System.nanoTime() + 120_000_000_000L;
        long earliest = System.nanoTime() + 3_000_000_000L; // the group has formed and reads
        while (System.nanoTime() < settleDeadline
                && (System.nanoTime() < earliest || !allSince(lastRecord, System.nanoTime() - 1_000_000_000L))) {
            Thread.sleep(50);
        }
        long joined = System.nanoTime();
        threads.get(size).start();
        long deadline = joined + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            java.util.Set<Integer> owns = newcomerOwns[0];
            boolean newcomerReads = !owns.isEmpty() && owns.stream().allMatch(p -> newcomerRead.getOrDefault(p, 0L) > joined);
            if (newcomerReads && allSince(lastRecord, joined)) {
                break;
            }
            Thread.sleep(5);
        }
        long ms = (System.nanoTime() - joined) / 1_000_000;
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
        }
        System.out.printf(Locale.ROOT, "rebalance %d ms, newcomer owns %d partitions%n", ms, newcomerOwns[0].size());
    }

    private static boolean allSince(AtomicLongArray last, long since) {
        for (int p = 0; p < last.length(); p++) {
            if (last.get(p) - since <= 0) {
                return false;
            }
        }
        return true;
    }
}
