package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledgements the faust way, the one implementation for the client's consumer (per-record {@code ack}, with
 * {@code acks.enabled}) and the Spring starter's listener containers. Tracks, per partition, which handed-out offsets
 * are not yet acknowledged, and from that the offset it is safe
 * to resume (or commit) from: the lowest unacknowledged offset, or one past the last handed-out offset when
 * everything is acknowledged (faust commits only up to the highest consecutive acknowledged offset). So out-of-order processing on parallel workers never moves past a record that is
 * still being processed. Offsets need not be consecutive (compacted topics, transaction markers).
 *
 * <p>Records are handed out in {@link Chunk}s (records of one partition for one worker, in offset order), and
 * tracked per chunk, not per record: handing out a chunk is one call, and acknowledging its records in order is
 * one atomic update of the chunk each, without the partition's lock (which the poll thread takes to hand out and
 * to read offsets). Chunks are called by the poll thread; acknowledgements come from any thread.
 */
public final class OffsetTracker {

    private static final Logger log = LoggerFactory.getLogger(OffsetTracker.class);

    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    /** After how long acknowledgements piling up behind one record earn a WARN; 0: never. */
    private final long livelockNanos;
    /** Threads in {@link #waitEmpty}: acknowledgements wake them only when there are some. */
    private volatile int waiters;

    /** A tracker that never warns about acknowledgements piling up. */
    public OffsetTracker() {
        this(Duration.ZERO);
    }

    /**
     * A tracker that warns (from {@link #committable()}) when acknowledged records have waited behind one
     * unacknowledged record for longer than {@code livelockTimeout} ({@code commit.livelock.soft.timeout.ms}).
     */
    public OffsetTracker(Duration livelockTimeout) {
        this.livelockNanos = livelockTimeout.toNanos();
    }

    private void acknowledgedSome() {
        if (waiters > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Records of one partition handed to one worker together, in offset order. The records acknowledged in order
     * form a prefix (one compare-and-set each); one acknowledged before an earlier one is noted in a bit set under
     * the partition's lock. Those are never in the prefix (it stops before the first of them), so the lowest open
     * record is the first after the prefix without a bit.
     */
    public static final class Chunk {
        private static final AtomicIntegerFieldUpdater<Chunk> PREFIX =
                AtomicIntegerFieldUpdater.newUpdater(Chunk.class, "prefix");
        private final TopicPartition tp;
        private final Partition partition;
        private final List<? extends ConsumerRecord<?, ?>> records; // null: the one offset in single
        private final long single;
        private final int size;
        private volatile int prefix;
        // Under the partition's lock:
        private BitSet outOfOrder;
        private int outOfOrderCount;

        private Chunk(TopicPartition tp, Partition partition, List<? extends ConsumerRecord<?, ?>> records,
                      long single) {
            this.tp = tp;
            this.partition = partition;
            this.records = records;
            this.single = single;
            this.size = records == null ? 1 : records.size();
        }

        /** The partition of the records. */
        public TopicPartition topicPartition() {
            return tp;
        }

        /** The number of records in the chunk. */
        public int size() {
            return size;
        }

        /** Record {@code index} of the chunk is processed. Call at most once per index. */
        public void acknowledged(int index) {
            if (!PREFIX.compareAndSet(this, index, index + 1)) {
                partition.outOfOrder(this, index);
            }
            partition.tracker.acknowledgedSome();
        }

        /** Every record of the chunk is processed (a batch listener's call). */
        public void acknowledgedAll() {
            partition.allAcknowledged(this);
            partition.tracker.acknowledgedSome();
        }

        private long offset(int index) {
            return records == null ? single : records.get(index).offset();
        }

        /** The index of the lowest unacknowledged record, or {@code size} when none is left (partition's lock). */
        private int lowestOpen() {
            int p = prefix;
            return outOfOrder == null ? p : Math.min(size, outOfOrder.nextClearBit(p));
        }

        /** Acknowledges the first open occurrence of {@code offset}; whether there was one (partition's lock). */
        private boolean acknowledgeOffset(long offset) {
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long v = offset(mid);
                if (v < offset) {
                    lo = mid + 1;
                } else if (v > offset) {
                    hi = mid - 1;
                } else {
                    if (mid < prefix || (outOfOrder != null && outOfOrder.get(mid))) {
                        return false; // acknowledged already
                    }
                    if (!PREFIX.compareAndSet(this, mid, mid + 1)) {
                        markOutOfOrder(mid);
                    }
                    return true;
                }
            }
            return false;
        }

        private void markOutOfOrder(int index) {
            if (outOfOrder == null) {
                outOfOrder = new BitSet(size);
            }
            if (!outOfOrder.get(index)) {
                outOfOrder.set(index);
                outOfOrderCount++;
            }
        }
    }

    /** The open chunks of one partition, in the order they were handed out. */
    private static final class Partition {
        private final OffsetTracker tracker;
        private final ArrayDeque<Chunk> open = new ArrayDeque<>();
        private long nextAfterDispatched = -1;
        /** For the livelock warning: the resume offset last seen, since when, and the offset last warned about. */
        private long lastResume = -1;
        private long resumeSinceNanos = System.nanoTime();
        private long warnedFor = -1;

        Partition(OffsetTracker tracker) {
            this.tracker = tracker;
        }

        synchronized void add(Chunk c) {
            open.addLast(c);
            nextAfterDispatched = Math.max(nextAfterDispatched, c.offset(c.size - 1) + 1);
        }

        synchronized void outOfOrder(Chunk c, int index) {
            c.markOutOfOrder(index);
        }

        synchronized void allAcknowledged(Chunk c) {
            c.prefix = c.size;
            c.outOfOrder = null;
            c.outOfOrderCount = 0;
        }

        synchronized boolean acknowledged(long offset) {
            for (Chunk c : open) {
                if (c.acknowledgeOffset(offset)) {
                    return true;
                }
            }
            return false;
        }

        /** Records acknowledged but waiting behind the first unacknowledged one (they cannot be committed yet). */
        synchronized int ackedBehindHead() {
            int n = 0;
            boolean head = true;
            for (Chunk c : open) {
                int low = c.lowestOpen();
                if (low >= c.size) {
                    continue;
                }
                if (head) {
                    // in the head chunk, out-of-order acks below the lowest open record are before the head
                    n += c.outOfOrderCount - (low - c.prefix);
                    head = false;
                } else {
                    n += c.prefix + c.outOfOrderCount;
                }
            }
            return n;
        }

        /** The lowest open offset over all chunks (dropping finished ones), or one past the last handed out. */
        synchronized long resumeOffset() {
            long min = Long.MAX_VALUE;
            Iterator<Chunk> it = open.iterator();
            while (it.hasNext()) {
                Chunk c = it.next();
                int low = c.lowestOpen();
                if (low >= c.size) {
                    it.remove();
                } else {
                    min = Math.min(min, c.offset(low));
                }
            }
            return min == Long.MAX_VALUE ? nextAfterDispatched : min;
        }

        /** Up to {@code max} acknowledged offsets above {@code offset}, ascending (they wait behind an open one). */
        synchronized long[] ackedAbove(long offset, int max) {
            long[] out = new long[16];
            int n = 0;
            for (Chunk c : open) {
                for (int i = 0; i < c.size && n < max; i++) {
                    boolean acked = i < c.prefix || (c.outOfOrder != null && c.outOfOrder.get(i));
                    long o = c.offset(i);
                    if (acked && o > offset) {
                        if (n == out.length) {
                            out = java.util.Arrays.copyOf(out, n * 2);
                        }
                        out[n++] = o;
                    }
                }
            }
            long[] result = java.util.Arrays.copyOf(out, n);
            java.util.Arrays.sort(result);
            return result;
        }

        synchronized long oldestPendingTimestamp() {
            for (Chunk c : open) {
                int low = c.lowestOpen();
                if (low < c.size) {
                    return c.records == null ? -1 : c.records.get(low).timestamp();
                }
            }
            return -1;
        }

        synchronized int pendingCount() {
            int n = 0;
            for (Chunk c : open) {
                n += c.size - c.prefix - c.outOfOrderCount;
            }
            return n;
        }
    }

    private Partition partition(TopicPartition tp) {
        return partitions.computeIfAbsent(tp, k -> new Partition(this));
    }

    /**
     * {@code records} (all of {@code tp}, in offset order, not empty) are handed to one worker: returns their chunk,
     * to acknowledge them through.
     */
    public Chunk chunk(TopicPartition tp, List<? extends ConsumerRecord<?, ?>> records) {
        Partition p = partition(tp);
        Chunk c = new Chunk(tp, p, records, -1);
        p.add(c);
        return c;
    }

    /** {@code offset} of {@code tp} was handed to a worker (a chunk of one). */
    public void dispatched(TopicPartition tp, long offset) {
        Partition p = partition(tp);
        p.add(new Chunk(tp, p, null, offset));
    }

    /**
     * {@code offset} of {@code tp} is processed (its first open occurrence, should it have been handed out twice).
     * Unknown partitions (forgotten since) are ignored.
     */
    public void acknowledged(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p != null && p.acknowledged(offset)) {
            acknowledgedSome();
        }
    }

    /**
     * The offset to commit per partition that saw records ({@link #resumeOffsets()}), warning once per stuck offset
     * when acknowledged records have waited behind it for longer than the livelock timeout.
     */
    public Map<TopicPartition, Long> committable() {
        Map<TopicPartition, Long> out = new java.util.LinkedHashMap<>();
        long now = System.nanoTime();
        partitions.forEach((tp, p) -> {
            long o = p.resumeOffset();
            if (o < 0) {
                return;
            }
            out.put(tp, o);
            if (livelockNanos > 0) {
                checkLivelock(tp, p, o, now);
            }
        });
        return out;
    }

    private void checkLivelock(TopicPartition tp, Partition p, long resume, long now) {
        synchronized (p) {
            if (resume != p.lastResume) {
                p.lastResume = resume;
                p.resumeSinceNanos = now;
                return;
            }
            if (now - p.resumeSinceNanos <= livelockNanos || p.warnedFor == resume) {
                return;
            }
        }
        int behind = p.ackedBehindHead();
        if (behind > 0) {
            synchronized (p) {
                p.warnedFor = resume;
            }
            log.warn("{}: {} acked record(s) wait behind offset {}, unacked for {} ms; offsets cannot be committed past"
                    + " it (commit.livelock.soft.timeout.ms)", tp, behind, resume,
                    TimeUnit.NANOSECONDS.toMillis(now - p.resumeSinceNanos));
        }
    }

    /**
     * Up to {@code max} offsets of {@code tp} above {@code offset} that are acknowledged but cannot be committed yet
     * (an earlier record is still open), ascending: what commit metadata carries so that a restart skips them.
     */
    public long[] ackedAbove(TopicPartition tp, long offset, int max) {
        Partition p = partitions.get(tp);
        return p == null ? new long[0] : p.ackedAbove(offset, max);
    }

    /** Unacknowledged records per partition (partitions with none are absent). */
    public Map<TopicPartition, Integer> unacked() {
        Map<TopicPartition, Integer> out = new java.util.LinkedHashMap<>();
        partitions.forEach((tp, p) -> {
            int n = p.pendingCount();
            if (n > 0) {
                out.put(tp, n);
            }
        });
        return out;
    }

    /**
     * Waits until every record handed out for {@code tps} (all partitions when null) is acknowledged, up to
     * {@code timeout}; whether nothing is left unacknowledged.
     */
    public boolean waitEmpty(Collection<TopicPartition> tps, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            waiters++;
            try {
                while (true) {
                    if (empty(tps)) {
                        return true;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } finally {
                waiters--;
            }
        }
    }

    private boolean empty(Collection<TopicPartition> tps) {
        for (Map.Entry<TopicPartition, Partition> e : partitions.entrySet()) {
            if ((tps == null || tps.contains(e.getKey())) && e.getValue().pendingCount() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Forgets one partition (revoked, lost, or sought: what was handed out before no longer counts). */
    public void forget(TopicPartition tp) {
        partitions.remove(tp);
        acknowledgedSome();
    }

    /** Per partition that saw records, the next offset to read again from so nothing unprocessed is skipped. */
    public Map<TopicPartition, Long> resumeOffsets() {
        Map<TopicPartition, Long> out = new HashMap<>();
        partitions.forEach((tp, p) -> {
            long o = p.resumeOffset();
            if (o >= 0) {
                out.put(tp, o);
            }
        });
        return out;
    }

    /** The resume offset of {@code tp}, or -1 if it saw no records. */
    public long resumeOffset(TopicPartition tp) {
        Partition p = partitions.get(tp);
        return p == null ? -1 : p.resumeOffset();
    }

    /** The timestamp of the first unacknowledged record of {@code tp}, or -1 when none (or not known). */
    public long oldestPendingTimestamp(TopicPartition tp) {
        Partition p = partitions.get(tp);
        return p == null ? -1 : p.oldestPendingTimestamp();
    }

    /** Per partition with records handed out and not acknowledged, the lowest of them. */
    public Map<TopicPartition, Long> pendingFrom() {
        Map<TopicPartition, Long> out = new java.util.TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        partitions.forEach((tp, p) -> {
            if (p.pendingCount() > 0) {
                out.put(tp, p.resumeOffset());
            }
        });
        return out;
    }

    /** Records handed out and not yet acknowledged, over all partitions. */
    public int pendingCount() {
        int n = 0;
        for (Partition p : partitions.values()) {
            n += p.pendingCount();
        }
        return n;
    }

    /**
     * Stops tracking {@code tps} (revoked partitions); later acknowledgements for them, also through chunks handed
     * out before, are ignored.
     */
    public void forget(Collection<TopicPartition> tps) {
        tps.forEach(partitions::remove);
        acknowledgedSome();
    }
}
