package dev.kurier.client.producer.internals;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size log-linear histogram of latencies (microsecond resolution, 16 sub-buckets per power of two, so any
 * quantile is within 6.25 % of the truth) for send-to-ack times. One thread records (the sender); any thread reads.
 * Memory is constant: 60 × 16 counters, whatever the number of records.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private volatile long count;
    private volatile long sumMicros;
    private volatile long maxMicros;

    /** Records one latency; single writer, so plain read-modify-write with ordered stores suffices. */
    void record(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        int i = index(micros);
        counts.lazySet(i, counts.get(i) + 1);
        count = count + 1;
        sumMicros = sumMicros + micros;
        if (micros > maxMicros) {
            maxMicros = micros;
        }
    }

    static int index(long micros) {
        if (micros < SUB) {
            return (int) micros;
        }
        int exp = 63 - Long.numberOfLeadingZeros(micros); // >= SUB_BITS
        int sub = (int) (micros >>> (exp - SUB_BITS)) & (SUB - 1);
        return (exp - SUB_BITS + 1) * SUB + sub;
    }

    /** The upper edge of bucket {@code i}, in microseconds. */
    static long upperMicros(int i) {
        if (i < SUB) {
            return i;
        }
        int exp = i / SUB + SUB_BITS - 1;
        int sub = i % SUB;
        long base = 1L << exp;
        long step = base >>> SUB_BITS;
        return base + (sub + 1) * step - 1;
    }

    long count() {
        return count;
    }

    double maxMs() {
        return maxMicros / 1000.0;
    }

    double meanMs() {
        long n = count;
        return n == 0 ? 0 : sumMicros / 1000.0 / n;
    }

    /** The latency below which {@code quantile} (0..1) of the recorded ones fall, in ms; 0 before any. */
    double quantileMs(double quantile) {
        long n = 0;
        long[] snapshot = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            n += snapshot[i];
        }
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * n);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank && snapshot[i] > 0) {
                return Math.min(upperMicros(i), maxMicros) / 1000.0;
            }
        }
        return maxMicros / 1000.0;
    }
}
