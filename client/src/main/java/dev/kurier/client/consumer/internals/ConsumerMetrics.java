package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a consumer reports for observability (the Spring layer publishes it to Micrometer): fetches, their latency
 * and size, records handed out, and per partition the position, high watermark and lag. Safe to read from any
 * thread: counters are {@link LongAdder}s and the partition view is an immutable snapshot replaced after each poll.
 */
public final class ConsumerMetrics {

    /** One partition as of the last poll. */
    public record PartitionStats(long position, long highWatermark, boolean paused) {
        /** Records between the position and the high watermark, -1 when either is unknown. */
        public long lag() {
            return position < 0 || highWatermark < 0 ? -1 : Math.max(0, highWatermark - position);
        }
    }

    private final LongAdder fetches = new LongAdder();
    private final LongAdder fetchErrors = new LongAdder();
    private final LongAdder fetchLatencyNanos = new LongAdder();
    private final LongAdder bytesFetched = new LongAdder();
    private final LongAdder recordsConsumed = new LongAdder();
    private volatile Map<TopicPartition, PartitionStats> partitions = Map.of();

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
        partitions = Map.copyOf(snapshot);
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
}
