package dev.kurier.spring.listener;

import dev.kurier.client.consumer.internals.OffsetTracker;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.internals.ConsumerMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a container knows of its progress, for meters and health: per partition the lag and a
 * {@link PartitionProgress} (measured on the poll thread every lag-refresh interval), and when acknowledgements last
 * moved a resume offset. Read from any thread; {@code onPartitionsChanged} runs when the measured partitions change.
 */
final class ProgressMeter {

    private final Runnable onPartitionsChanged;
    private volatile Map<TopicPartition, Long> lag = Map.of();
    private volatile Map<TopicPartition, PartitionProgress> progress = Map.of();
    /** When the resume offsets last moved, or nothing was pending (nanoTime), and the summed lag then. */
    private volatile long progressNanos = System.nanoTime();
    private volatile long lagAtProgress;

    ProgressMeter(Runnable onPartitionsChanged) {
        this.onPartitionsChanged = onPartitionsChanged;
    }

    /** Measures every partition of {@code src} against the run's {@code tracker}; poll thread (may throw). */
    void measure(RecordSource src, OffsetTracker tracker) {
        Map<TopicPartition, Long> ends = src.endOffsets();
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        Map<TopicPartition, PartitionProgress> views = new LinkedHashMap<>();
        Map<TopicPartition, Long> committed = src.committedOffsets();
        ConsumerMetrics cm = src.consumerMetrics();
        Map<TopicPartition, ConsumerMetrics.PartitionStats> stats = cm == null ? Map.of() : cm.partitions();
        Map<TopicPartition, Integer> queued = cm == null ? Map.of() : cm.queueDepths();
        Map<TopicPartition, Long> queuedBytes = cm == null ? Map.of() : cm.queueBytes();
        long nowMillis = System.currentTimeMillis();
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            TopicPartition tp = e.getKey();
            long position = src.position(tp);
            long next = tracker.resumeOffset(tp);
            if (next < 0) {
                next = position;
            }
            long partitionLag = Math.max(0, e.getValue() - next);
            out.put(tp, partitionLag);
            views.put(tp, new PartitionProgress(committed.getOrDefault(tp, -1L), position, e.getValue(), partitionLag,
                    lagSeconds(tracker, tp, partitionLag, stats.get(tp), nowMillis), queued.getOrDefault(tp, 0),
                    queuedBytes.getOrDefault(tp, 0L)));
        }
        lag = Map.copyOf(out);
        set(Map.copyOf(views));
    }

    /**
     * The age of the oldest record of {@code tp} not yet processed: the first unacknowledged one when there is one,
     * else (records not handed out yet) the consumer's estimate; 0 when caught up.
     */
    private static double lagSeconds(OffsetTracker t, TopicPartition tp, long lag, ConsumerMetrics.PartitionStats stats,
                                     long nowMillis) {
        long ts = t.oldestPendingTimestamp(tp);
        if (ts >= 0) {
            return Math.max(0, nowMillis - ts) / 1000.0;
        }
        if (lag == 0) {
            return 0;
        }
        return stats == null ? -1 : stats.lagSeconds(nowMillis);
    }

    /** {@code partitions} are gone: their gauges go now, not at the next measurement. */
    void forget(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> l = new LinkedHashMap<>(lag);
        l.keySet().removeAll(partitions);
        lag = Map.copyOf(l);
        Map<TopicPartition, PartitionProgress> left = new LinkedHashMap<>(progress);
        left.keySet().removeAll(partitions);
        set(Map.copyOf(left));
    }

    /** Forgets everything (the run ended). */
    void clear() {
        lag = Map.of();
        set(Map.of());
    }

    /** A new run starts at {@code nanos}: it has not stalled yet. */
    void restart(long nanos) {
        progressNanos = nanos;
        lagAtProgress = 0;
    }

    /** Acknowledgements moved a resume offset (or nothing is pending) at {@code nanos}. */
    void progressed(long nanos) {
        progressNanos = nanos;
        lagAtProgress = totalLag();
    }

    private void set(Map<TopicPartition, PartitionProgress> views) {
        boolean changed = !views.keySet().equals(progress.keySet());
        progress = views;
        if (changed) {
            onPartitionsChanged.run();
        }
    }

    Map<TopicPartition, Long> lag() {
        return lag;
    }

    Map<TopicPartition, PartitionProgress> progress() {
        return progress;
    }

    long maxLag() {
        long max = 0;
        for (long l : lag.values()) {
            max = Math.max(max, l);
        }
        return max;
    }

    long totalLag() {
        long sum = 0;
        for (long l : lag.values()) {
            sum += l;
        }
        return sum;
    }

    Duration sinceProgress() {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - progressNanos));
    }

    long lagAtProgress() {
        return lagAtProgress;
    }
}
