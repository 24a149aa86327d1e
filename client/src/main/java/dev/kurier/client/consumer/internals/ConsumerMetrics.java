package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a consumer reports for observability (the Spring layer publishes it to Micrometer): fetches, their latency
 * and size, fetch-session use, records handed out, queued records and bytes (queue depth), and per partition the
 * position, high watermark and lag. Safe to read from any
 * thread: counters are {@link LongAdder}s and the partition view is an immutable snapshot replaced after each poll.
 */
public final class ConsumerMetrics {

    /**
     * One partition as of the last poll.
     *
     * @param position      the next offset to hand out, -1 while unknown
     * @param highWatermark the end of the partition as the last fetch saw it, -1 while unknown
     * @param paused        whether fetching is paused
     * @param committed     the group's committed offset as this consumer last saw it (its commits, its lookups), -1
     *                      when unknown or without a group
     * @param lastTimestamp the timestamp of the last record handed out, -1 before one
     */
    public record PartitionStats(long position, long highWatermark, boolean paused, long committed,
                                 long lastTimestamp) {
        /** Records between the position and the high watermark, -1 when either is unknown. */
        public long lag() {
            return position < 0 || highWatermark < 0 ? -1 : Math.max(0, highWatermark - position);
        }

        /**
         * How far behind in time, in seconds: 0 when caught up, else the age at {@code nowMillis} of the last record
         * handed out (the records waiting were written after it, so this bounds their age from above); -1 when
         * unknown.
         */
        public double lagSeconds(long nowMillis) {
            long lag = lag();
            if (lag == 0) {
                return 0;
            }
            return lag < 0 || lastTimestamp < 0 ? -1 : Math.max(0, nowMillis - lastTimestamp) / 1000.0;
        }
    }

    private final java.util.List<Runnable> assignmentListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final LongAdder fetches = new LongAdder();
    private final LongAdder fetchErrors = new LongAdder();
    private final LongAdder fetchLatencyNanos = new LongAdder();
    private final LongAdder bytesFetched = new LongAdder();
    private final LongAdder recordsConsumed = new LongAdder();
    private volatile Map<TopicPartition, PartitionStats> partitions = Map.of();
    private final LongAdder fullFetches = new LongAdder();
    private final LongAdder incrementalFetches = new LongAdder();
    private final LongAdder fetchSessionErrors = new LongAdder();
    private volatile int lastFetchPartitions;
    private volatile int lastFetchForgotten;
    private volatile Fetcher fetcher;

    void queues(Fetcher f) {
        this.fetcher = f;
    }

    void fetchSent(boolean full, int partitions, int forgotten) {
        (full ? fullFetches : incrementalFetches).increment();
        lastFetchPartitions = partitions;
        lastFetchForgotten = forgotten;
    }

    void fetchSessionError(dev.kurier.client.protocol.Errors error) {
        fetchSessionErrors.increment();
    }

    void fetchCompleted(long latencyNanos, long bytes) {
        fetches.increment();
        fetchLatencyNanos.add(latencyNanos);
        bytesFetched.add(bytes);
    }

    void fetchFailed() {
        fetchErrors.increment();
    }

    void consumed(int records) {
        recordsConsumed.add(records);
    }

    void partitions(Map<TopicPartition, PartitionStats> snapshot) {
        boolean changed = !snapshot.keySet().equals(partitions.keySet());
        partitions = Map.copyOf(snapshot);
        if (changed) {
            for (Runnable r : assignmentListeners) {
                r.run();
            }
        }
    }

    /**
     * Runs {@code listener} (on the polling thread, after a poll) whenever the set of assigned partitions in
     * {@link #partitions()} changed, so per-partition meters can be added and removed.
     */
    public void onAssignmentChange(Runnable listener) {
        assignmentListeners.add(listener);
    }

    /** Fetch responses received. */
    public long fetches() {
        return fetches.sum();
    }

    /** Fetches that failed (network errors). */
    public long fetchErrors() {
        return fetchErrors.sum();
    }

    /** Mean fetch latency in ms (includes the broker's fetch.max.wait.ms when there is nothing new). */
    public double averageFetchLatencyMs() {
        long n = fetches.sum();
        return n == 0 ? 0 : fetchLatencyNanos.sum() / 1e6 / n;
    }

    /** Record-batch bytes fetched. */
    public long bytesFetched() {
        return bytesFetched.sum();
    }

    /** Records returned to the application. */
    public long recordsConsumed() {
        return recordsConsumed.sum();
    }

    /** Position, high watermark and lag of every assigned partition, as of the last poll. */
    public Map<TopicPartition, PartitionStats> partitions() {
        return partitions;
    }

    /** Sum of the known lags. */
    public long totalLag() {
        long sum = 0;
        for (PartitionStats s : partitions.values()) {
            sum += Math.max(0, s.lag());
        }
        return sum;
    }

    /** Full fetch requests sent (the first of each fetch session, after a session error, or all without sessions). */
    public long fullFetches() {
        return fullFetches.sum();
    }

    /** Incremental fetch requests sent (KIP-227 sessions): they name only partitions whose fetch state changed. */
    public long incrementalFetches() {
        return incrementalFetches.sum();
    }

    /** Fetch responses with a top-level error (such as FETCH_SESSION_ID_NOT_FOUND); the session then starts over. */
    public long fetchSessionErrors() {
        return fetchSessionErrors.sum();
    }

    /** Partitions named in the most recent fetch request. */
    public int lastFetchPartitions() {
        return lastFetchPartitions;
    }

    /** Partitions the most recent fetch request removed from its session. */
    public int lastFetchForgotten() {
        return lastFetchForgotten;
    }

    /** Records buffered by the fetcher (all partitions), not yet handed out. */
    public long queuedRecords() {
        Fetcher f = fetcher;
        return f == null ? 0 : f.queuedRecords();
    }

    /** Record-batch bytes buffered by the fetcher (all partitions). */
    public long queuedBytes() {
        Fetcher f = fetcher;
        return f == null ? 0 : f.queuedBytes();
    }

    /** Records buffered per partition (queue depth; bounded by about {@code queued.max.messages}). */
    public Map<TopicPartition, Integer> queueDepths() {
        Fetcher f = fetcher;
        return f == null ? Map.of() : f.queueDepths();
    }

    /** Record-batch bytes buffered per partition. */
    public Map<TopicPartition, Long> queueBytes() {
        Fetcher f = fetcher;
        return f == null ? Map.of() : f.queueBytes();
    }

    /** The most records each partition's queue has held at once since it was assigned. */
    public Map<TopicPartition, Integer> peakQueueDepths() {
        Fetcher f = fetcher;
        return f == null ? Map.of() : f.peakQueueDepths();
    }
}
