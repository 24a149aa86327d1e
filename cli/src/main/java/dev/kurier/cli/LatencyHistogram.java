package dev.kurier.cli;

/**
 * Latencies counted in one-millisecond buckets: recording is an array increment, so every record is counted
 * (kafka's tool keeps a sample of at most 500,000). Percentiles come out in whole milliseconds, as in Apache
 * Kafka's {@code ProducerPerformance}; the mean and the maximum keep nanosecond precision. Not thread-safe.
 */
final class LatencyHistogram {

    /** Latencies of this many milliseconds or more share the last bucket (131 s: past the default delivery timeout). */
    static final int MAX_TRACKED_MS = 1 << 17;

    private final long[] counts = new long[MAX_TRACKED_MS + 1];
    private long count;
    private long totalNanos;
    private long maxNanos;

    /** Counts one latency. */
    void record(long nanos) {
        long n = Math.max(0, nanos);
        long ms = n / 1_000_000;
        counts[(int) Math.min(ms, MAX_TRACKED_MS)]++;
        count++;
        totalNanos += n;
        if (n > maxNanos) {
            maxNanos = n;
        }
    }

    /** How many latencies were recorded. */
    long count() {
        return count;
    }

    /** The mean in milliseconds (0 when empty). */
    double meanMs() {
        return count == 0 ? 0 : totalNanos / (double) count / 1e6;
    }

    /** The largest latency in milliseconds. */
    double maxMs() {
        return maxNanos / 1e6;
    }

    /**
     * The whole-millisecond latency at quantile {@code q} (0..1): the value at rank {@code (int) (q * count)} of the
     * sorted latencies, counted from 0, the rank kafka's tool reads. 0 when empty.
     */
    long percentileMs(double q) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.min(count - 1, (long) (q * count));
        long seen = 0;
        for (int ms = 0; ms < counts.length; ms++) {
            seen += counts[ms];
            if (seen > rank) {
                return ms;
            }
        }
        return MAX_TRACKED_MS;
    }
}
