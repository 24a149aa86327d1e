package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
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

    private static final class Partition {
        final TreeSet<Long> pending = new TreeSet<>();
        long nextAfterDispatched = -1;

        synchronized void dispatched(long offset) {
            pending.add(offset);
            nextAfterDispatched = Math.max(nextAfterDispatched, offset + 1);
        }

        synchronized void acknowledged(long offset) {
            pending.remove(offset);
        }

        synchronized long resumeOffset() {
            return pending.isEmpty() ? nextAfterDispatched : pending.first();
        }

        synchronized int pendingCount() {
            return pending.size();
        }
    }

    /** {@code offset} of {@code tp} was handed to a worker. */
    public void dispatched(TopicPartition tp, long offset) {
        partitions.computeIfAbsent(tp, k -> new Partition()).dispatched(offset);
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
