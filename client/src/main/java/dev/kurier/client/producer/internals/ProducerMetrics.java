package dev.kurier.client.producer.internals;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters the producer keeps for observability (the Spring layer publishes them to Micrometer): requests,
 * batches, records, bytes, retries, errors and request latency. Cheap: {@link LongAdder}s, no locks.
 */
public final class ProducerMetrics {

    private final LongAdder requests = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder recordsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder recordsAcked = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder recordErrors = new LongAdder();
    private final LongAdder requestLatencyNanos = new LongAdder();
    private final LongAdder completedRequests = new LongAdder();

    void requestSent(List<ProducerBatch> sent) {
        requests.increment();
        for (ProducerBatch b : sent) {
            batches.increment();
            recordsSent.add(b.records.size());
            bytesSent.add(b.encoded.readableBytes());
        }
    }

    void requestCompleted(long latencyNanos) {
        completedRequests.increment();
        requestLatencyNanos.add(latencyNanos);
    }

    void batchAcknowledged(ProducerBatch b) {
        recordsAcked.add(b.records.size());
    }

    void retried(ProducerBatch b) {
        retries.increment();
    }

    void failed(ProducerBatch b) {
        recordErrors.add(b.records.size());
    }

    /** Produce requests sent. */
    public long requests() {
        return requests.sum();
    }

    /** Batches sent (retries included). */
    public long batches() {
        return batches.sum();
    }

    /** Records sent (retries included). */
    public long recordsSent() {
        return recordsSent.sum();
    }

    /** Encoded batch bytes sent (retries included). */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Records acknowledged. */
    public long recordsAcknowledged() {
        return recordsAcked.sum();
    }

    /** Batch retries. */
    public long retries() {
        return retries.sum();
    }

    /** Records that failed for good. */
    public long recordErrors() {
        return recordErrors.sum();
    }

    /** Mean produce request latency in ms, 0 before the first answer. */
    public double averageRequestLatencyMs() {
        long n = completedRequests.sum();
        return n == 0 ? 0 : requestLatencyNanos.sum() / 1e6 / n;
    }

    /** Mean records per produce request. */
    public double recordsPerRequest() {
        long n = requests.sum();
        return n == 0 ? 0 : (double) recordsSent.sum() / n;
    }
}
