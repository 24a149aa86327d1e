package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledgements the faust way: records handed out are tracked per partition, acks may arrive in any order
 * from any thread, and the committable offset of a partition only advances past the highest <em>consecutive</em>
 * acknowledged record, so out-of-order processing never commits past an unprocessed record.
 *
 * <p>Per partition, the offsets handed out are kept sorted with an "acked" flag; the head is dropped while it is
 * acked, so each record costs O(log n) in the records the application holds. When the head stays unacked while later records are acked for longer
 * than {@code commit.livelock.soft.timeout.ms}, a WARN names the stuck partition and offset.
 */
public final class OffsetTracker {

    private static final Logger log = LoggerFactory.getLogger(OffsetTracker.class);

    private final long livelockNanos;
    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    private static final class Partition {
        /** Records handed out and not yet passed by the committable offset: offset → acked. */
        final TreeMap<Long, Boolean> outstanding = new TreeMap<>();
        int acked;                 // entries of outstanding that are acked
        long next = -1;            // offset after the last record handed out
        long headStuckSinceNanos;
        long warnedFor = -1;
    }

    /** A tracker that warns after {@code livelockTimeout} of acks piling up behind one record. */
    public OffsetTracker(Duration livelockTimeout) {
        this.livelockNanos = livelockTimeout.toNanos();
    }

    /** Records that the record at {@code offset} of {@code tp} was handed to the application. */
    public synchronized void handedOut(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, k -> new Partition());
        if (p.outstanding.isEmpty()) {
            p.headStuckSinceNanos = System.nanoTime();
        }
        if (p.outstanding.putIfAbsent(offset, Boolean.FALSE) == null) {
            p.next = Math.max(p.next, offset + 1);
        }
    }

    /** Marks a record processed. Unknown records (revoked partitions, duplicates, old acks) are ignored. */
    public synchronized void ack(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p == null) {
            return;
        }
        Boolean was = p.outstanding.get(offset);
        if (was == null || was) {
            return;
        }
        p.outstanding.put(offset, Boolean.TRUE);
        p.acked++;
        boolean moved = false;
        Map.Entry<Long, Boolean> head;
        while ((head = p.outstanding.firstEntry()) != null && head.getValue()) {
            p.outstanding.pollFirstEntry();
            p.acked--;
            moved = true;
        }
        if (moved) {
            p.headStuckSinceNanos = System.nanoTime();
            notifyAll();
        }
    }

    /**
     * The offset to commit for each tracked partition: the first unacked record handed out, or the offset after the
     * last one when everything was acked. Also emits the livelock warning when due.
     */
    public synchronized Map<TopicPartition, Long> committable() {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        long now = System.nanoTime();
        for (Map.Entry<TopicPartition, Partition> e : partitions.entrySet()) {
            Partition p = e.getValue();
            if (p.next < 0) {
                continue;
            }
            if (p.outstanding.isEmpty()) {
                out.put(e.getKey(), p.next);
            } else {
                long head = p.outstanding.firstKey();
                out.put(e.getKey(), head);
                if (p.acked > 0 && now - p.headStuckSinceNanos > livelockNanos && p.warnedFor != head) {
                    p.warnedFor = head;
                    log.warn("{}: {} acked record(s) wait behind offset {}, unacked for {} ms; offsets cannot be committed"
                            + " past it (commit.livelock.soft.timeout.ms)", e.getKey(), p.acked, head,
                            TimeUnit.NANOSECONDS.toMillis(now - p.headStuckSinceNanos));
                }
            }
        }
        return out;
    }

    /** Unacked records per partition (partitions with none are absent). */
    public synchronized Map<TopicPartition, Integer> unacked() {
        Map<TopicPartition, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Partition> e : partitions.entrySet()) {
            int n = e.getValue().outstanding.size() - e.getValue().acked;
            if (n > 0) {
                out.put(e.getKey(), n);
            }
        }
        return out;
    }

    /**
     * Waits until every record handed out for {@code tps} (all partitions when null) is acked, up to {@code timeout}.
     *
     * @return whether nothing is left unacked
     */
    public synchronized boolean waitEmpty(java.util.Collection<TopicPartition> tps, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean empty = true;
            for (Map.Entry<TopicPartition, Partition> e : partitions.entrySet()) {
                if ((tps == null || tps.contains(e.getKey())) && !e.getValue().outstanding.isEmpty()) {
                    empty = false;
                    break;
                }
            }
            if (empty) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** Forgets a partition (revoked, lost, or sought: what was handed out before no longer counts). */
    public synchronized void forget(TopicPartition tp) {
        partitions.remove(tp);
        notifyAll();
    }
}
