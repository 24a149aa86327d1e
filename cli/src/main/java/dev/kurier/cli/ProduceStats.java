package dev.kurier.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What {@code perf produce} measures: acknowledged records and bytes, and send-to-acknowledgement latency, over the
 * whole run and over a window that is printed (and restarted) when it is {@value #WINDOW_NANOS} ns old. Lines have
 * the shape of Apache Kafka's {@code ProducerPerformance} so that the two can be read (and parsed) alike.
 * Thread-safe: acknowledgements arrive on the producer's I/O thread.
 */
final class ProduceStats {

    /** How often a progress line is printed, as in kafka's tool: every 5 seconds. */
    static final long WINDOW_NANOS = 5_000_000_000L;
    private static final double MB = 1024.0 * 1024.0;

    private final PrintStream out;
    private final long startNanos;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private long bytes;
    private long windowStartNanos;
    private long windowCount;
    private long windowBytes;
    private long windowLatencyNanos;
    private long windowMaxNanos;

    /** Stats whose clock starts at {@code startNanos}; progress lines go to {@code out}. */
    ProduceStats(PrintStream out, long startNanos) {
        this.out = out;
        this.startNanos = startNanos;
        this.windowStartNanos = startNanos;
    }

    /** Counts one acknowledged record of {@code size} bytes; prints a progress line when the window is over. */
    synchronized void record(long latencyNanos, int size, long nowNanos) {
        latencies.record(latencyNanos);
        bytes += size;
        windowCount++;
        windowBytes += size;
        windowLatencyNanos += latencyNanos;
        windowMaxNanos = Math.max(windowMaxNanos, latencyNanos);
        if (nowNanos - windowStartNanos >= WINDOW_NANOS) {
            out.println(windowLine(nowNanos));
            out.flush();
            windowStartNanos = nowNanos;
            windowCount = 0;
            windowBytes = 0;
            windowLatencyNanos = 0;
            windowMaxNanos = 0;
        }
    }

    /** Records acknowledged so far. */
    synchronized long count() {
        return latencies.count();
    }

    /** {@code N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency.} for the window. */
    synchronized String windowLine(long nowNanos) {
        double seconds = Math.max(1, nowNanos - windowStartNanos) / 1e9;
        return String.format(Locale.ROOT, "%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, "
                        + "%.1f ms max latency.", windowCount, windowCount / seconds, windowBytes / seconds / MB,
                windowCount == 0 ? 0.0 : windowLatencyNanos / (double) windowCount / 1e6, windowMaxNanos / 1e6);
    }

    /**
     * The summary, exactly in the shape of kafka-tools 4.1's: {@code N records sent, X records/sec (Y MB/sec),
     * A ms avg latency, M ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th.} (later Kafka
     * versions print the rate with six decimals instead of one).
     */
    synchronized String totalLine(long endNanos) {
        double seconds = Math.max(1, endNanos - startNanos) / 1e9;
        long n = latencies.count();
        return String.format(Locale.ROOT, "%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, "
                        + "%.2f ms max latency, %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.", n, n / seconds,
                bytes / seconds / MB, latencies.meanMs(), latencies.maxMs(), latencies.percentileMs(0.5),
                latencies.percentileMs(0.95), latencies.percentileMs(0.99), latencies.percentileMs(0.999));
    }
}
