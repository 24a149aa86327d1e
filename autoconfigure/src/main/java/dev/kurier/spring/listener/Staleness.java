package dev.kurier.spring.listener;

import dev.kurier.client.consumer.internals.OffsetTracker;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which records handed out are no longer to be processed in this run: those of a partition revoked since they were
 * handed out (the new owner processes them), and those of a partition halted because a record of it was left
 * unprocessed when stopping (later ones wait for the next run, keeping the order). Any thread.
 */
final class Staleness {

    /** Counts revocations; a record handed out before its partition's last revocation is stale. */
    private final AtomicLong revocations = new AtomicLong();
    private final Map<TopicPartition, Long> revokedAt = new ConcurrentHashMap<>();
    private final Set<TopicPartition> halted = ConcurrentHashMap.newKeySet();

    /** The current epoch: work handed out now carries it. */
    long epoch() {
        return revocations.get();
    }

    /** {@code partitions} are revoked: work of them handed out before is stale. Returns the new epoch. */
    long revoke(Collection<TopicPartition> partitions) {
        long epoch = revocations.incrementAndGet();
        for (TopicPartition tp : partitions) {
            revokedAt.put(tp, epoch);
        }
        return epoch;
    }

    /** Forgets revocations and halts (a new run). */
    void clear() {
        revokedAt.clear();
        halted.clear();
    }

    /** Whether records of {@code tp}, handed out at {@code epoch}, are no longer to be processed here. */
    boolean stale(TopicPartition tp, long epoch) {
        if (halted.isEmpty() && revokedAt.isEmpty()) {
            return false; // the usual case, checked per record: no map lookups (nor TopicPartition hashing)
        }
        if (halted.contains(tp)) {
            return true;
        }
        Long at = revokedAt.get(tp);
        return at != null && at > epoch;
    }

    /** Whether {@code r}, handed out at {@code epoch}, is stale. */
    boolean stale(ConsumerRecord<byte[], byte[]> r, long epoch) {
        return !(halted.isEmpty() && revokedAt.isEmpty()) && stale(r.topicPartition(), epoch);
    }

    /** Whether any of {@code records} of {@code w} is stale. */
    boolean anyStale(Work w, List<ConsumerRecord<byte[], byte[]>> records) {
        if (w.tp() != null) {
            return stale(w.tp(), w.epoch());
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (stale(r, w.epoch())) {
                return true;
            }
        }
        return false;
    }

    /** Batch {@code w} without its stale records (the same object when none is stale). */
    Work live(Work w) {
        List<ConsumerRecord<byte[], byte[]>> keep = null;
        for (int i = 0; i < w.records().size(); i++) {
            ConsumerRecord<byte[], byte[]> r = w.records().get(i);
            if (stale(r, w.epoch())) {
                if (keep == null) {
                    keep = new ArrayList<>(w.records().subList(0, i));
                }
            } else if (keep != null) {
                keep.add(r);
            }
        }
        if (keep == null) {
            return w;
        }
        // Only the live partitions' chunks: acknowledging the batch must not mark the dropped records processed.
        List<OffsetTracker.Chunk> liveChunks = new ArrayList<>();
        for (OffsetTracker.Chunk c : w.chunks()) {
            if (!stale(c.topicPartition(), w.epoch())) {
                liveChunks.add(c);
            }
        }
        return new Work(List.copyOf(keep), null, null, List.copyOf(liveChunks), w.epoch());
    }

    /** Halts the partitions of {@code records}: their later records are not processed in this run. */
    void halt(Work w, List<ConsumerRecord<byte[], byte[]>> records) {
        if (w.tp() != null) {
            halted.add(w.tp());
            return;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            halted.add(r.topicPartition());
        }
    }
}
