package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks, per partition, which handed-out offsets are not yet acknowledged, and from that the offset it is safe
 * to resume (or commit) from: the lowest unacknowledged offset, or one past the last handed-out offset when
 * everything is acknowledged. So out-of-order processing on parallel workers never moves past a record that is
 * still being processed. Offsets need not be consecutive (compacted topics, transaction markers).
 *
 * <p>{@link #dispatched} is called by the poll thread in offset order per partition; {@link #acknowledged} from
 * any thread.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    /**
     * The pending offsets of one partition in dispatch order: a sorted array window {@code [head, tail)} with an acked
     * flag per slot, so a dispatch is an append and an acknowledgement a binary search (no boxing, no tree nodes: both
     * run once per record). Acknowledged slots at the head are dropped at once, so {@code offsets[head]} is always the
     * lowest unacknowledged offset.
     *
     * <p>The container keeps a reference per chunk of records, so a record's acknowledgement needs no map lookup; a
     * partition forgotten since is no longer in the map, so acknowledging in it has no effect on resume offsets.
     */
    static final class Partition {
        private long[] offsets = new long[64];
        private boolean[] acked = new boolean[64];
        private int head;
        private int tail;
        private int ackedCount;
        long nextAfterDispatched = -1;

        synchronized void dispatched(long offset) {
            dispatchedOne(offset);
        }

        synchronized void dispatched(List<? extends ConsumerRecord<?, ?>> records) {
            for (int i = 0, n = records.size(); i < n; i++) {
                dispatchedOne(records.get(i).offset());
            }
        }

        private void dispatchedOne(long offset) {
            nextAfterDispatched = Math.max(nextAfterDispatched, offset + 1);
            if (tail == head || offsets[tail - 1] < offset) {
                ensureRoom();
                offsets[tail] = offset;
                acked[tail] = false;
                tail++;
                return;
            }
            // Not after the last one (a seek back): keep the window sorted and the offset pending once.
            int i = find(offset);
            if (i >= 0) {
                if (acked[i]) {
                    acked[i] = false;
                    ackedCount--;
                }
                return;
            }
            int at = -i - 1;
            ensureRoom();
            System.arraycopy(offsets, at, offsets, at + 1, tail - at);
            System.arraycopy(acked, at, acked, at + 1, tail - at);
            offsets[at] = offset;
            acked[at] = false;
            tail++;
        }

        synchronized void acknowledged(long offset) {
            mark(offset);
            dropAckedHead();
        }

        synchronized void acknowledged(List<? extends ConsumerRecord<?, ?>> records, int from, int to) {
            for (int i = from; i < to; i++) {
                mark(records.get(i).offset());
            }
            dropAckedHead();
        }

        private void mark(long offset) {
            // The usual case first: in-order processing acknowledges the lowest pending offset.
            int i = head < tail && offsets[head] == offset ? head : find(offset);
            if (i < 0 || acked[i]) {
                return;
            }
            acked[i] = true;
            ackedCount++;
            if (i == head) {
                dropAckedHead(); // keeps the head fresh so the next in-order offset takes the fast path too
            }
        }

        private void dropAckedHead() {
            while (head < tail && acked[head]) {
                acked[head] = false;
                head++;
                ackedCount--;
            }
            if (head == tail) {
                head = 0;
                tail = 0;
            }
        }

        synchronized long resumeOffset() {
            return head == tail ? nextAfterDispatched : offsets[head];
        }

        synchronized int pendingCount() {
            return tail - head - ackedCount;
        }

        /** The index of {@code offset} in the window, or {@code -(insertion point) - 1}. */
        private int find(long offset) {
            int lo = head;
            int hi = tail - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long v = offsets[mid];
                if (v < offset) {
                    lo = mid + 1;
                } else if (v > offset) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
        }

        /** Room for one more slot at the tail: move the window to the front, or grow. */
        private void ensureRoom() {
            if (tail < offsets.length) {
                return;
            }
            int size = tail - head;
            if (head > 0 && size <= offsets.length / 2) {
                System.arraycopy(offsets, head, offsets, 0, size);
                System.arraycopy(acked, head, acked, 0, size);
                java.util.Arrays.fill(acked, size, tail, false);
            } else {
                long[] o = new long[offsets.length * 2];
                boolean[] a = new boolean[offsets.length * 2];
                System.arraycopy(offsets, head, o, 0, size);
                System.arraycopy(acked, head, a, 0, size);
                offsets = o;
                acked = a;
            }
            head = 0;
            tail = size;
        }
    }

    /** {@code offset} of {@code tp} was handed to a worker. */
    public void dispatched(TopicPartition tp, long offset) {
        partitions.computeIfAbsent(tp, k -> new Partition()).dispatched(offset);
    }

    /**
     * {@code records} (all of {@code tp}, in offset order) were handed to workers: one lookup and lock for all.
     * Returns the partition's offsets, to acknowledge them in without a lookup.
     */
    Partition dispatched(TopicPartition tp, List<? extends ConsumerRecord<?, ?>> records) {
        Partition p = partitions.computeIfAbsent(tp, k -> new Partition());
        if (!records.isEmpty()) {
            p.dispatched(records);
        }
        return p;
    }

    /**
     * {@code records[from, to)} (all of {@code tp}) are processed: one lookup and lock for the run. Unknown
     * partitions (forgotten since) are ignored.
     */
    public void acknowledged(TopicPartition tp, List<? extends ConsumerRecord<?, ?>> records, int from, int to) {
        if (from < to) {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.acknowledged(records, from, to);
            }
        }
    }

    /** {@code offset} of {@code tp} is processed. Unknown partitions (forgotten since) are ignored. */
    public void acknowledged(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p != null) {
            p.acknowledged(offset);
        }
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

    /** Records handed out and not yet acknowledged, over all partitions. */
    public int pendingCount() {
        int n = 0;
        for (Partition p : partitions.values()) {
            n += p.pendingCount();
        }
        return n;
    }

    /** Stops tracking {@code tps} (revoked partitions); later acknowledgements for them are ignored. */
    public void forget(Collection<TopicPartition> tps) {
        tps.forEach(partitions::remove);
    }
}
