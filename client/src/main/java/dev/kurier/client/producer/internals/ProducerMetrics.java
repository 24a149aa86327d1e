package dev.kurier.client.producer.internals;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters the producer keeps for observability (the Spring layer publishes them to Micrometer): requests,
 * batches, records, bytes, retries, errors, request latency and the send-to-acknowledgement latency histogram. Cheap: {@link LongAdder}s, no locks.
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
    private final LatencyHistogram sendLatency = new LatencyHistogram();
    private final LongAdder inFlightRequests = new LongAdder();
    private volatile int peakPartitionInFlight;
    private final LongAdder pacedWaits = new LongAdder();
    private final LongAdder pacedNanos = new LongAdder();

    void paced(long nanos) {
        pacedWaits.increment();
        pacedNanos.add(nanos);
    }

    /** Times a sending thread waited for the brokers to catch up ({@code enable.pacing}). */
    public long pacedWaits() {
        return pacedWaits.sum();
    }

    /** Total time sending threads waited for the brokers to catch up ({@code enable.pacing}), in ms. */
    public double pacedMillis() {
        return pacedNanos.sum() / 1e6;
    }

    void requestSent(List<ProducerBatch> sent) {
        requests.increment();
        for (ProducerBatch b : sent) {
            batches.increment();
            recordsSent.add(b.count);
            bytesSent.add(b.encoded.readableBytes());
        }
    }

    void requestDispatched() {
        inFlightRequests.increment();
    }

    void requestAnswered() {
        inFlightRequests.decrement();
    }

    void partitionInFlight(int batches) {
        if (batches > peakPartitionInFlight) {
            peakPartitionInFlight = batches;
        }
    }

    /** Produce requests on the wire now. */
    public long inFlightRequests() {
        return inFlightRequests.sum();
    }

    /** The most batches of one partition that were in flight at once (up to max.in.flight.requests.per.connection; 5 with idempotence). */
    public int peakBatchesInFlightPerPartition() {
        return peakPartitionInFlight;
    }

    void requestCompleted(long latencyNanos) {
        completedRequests.increment();
        requestLatencyNanos.add(latencyNanos);
    }

    void batchAcknowledged(ProducerBatch b) {
        recordsAcked.add(b.count);
    }

    void retried(ProducerBatch b) {
        retries.increment();
    }

    void failed(ProducerBatch b) {
        recordErrors.add(b.count);
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

    LatencyHistogram sendLatency() {
        return sendLatency;
    }

    /**
     * Send-to-acknowledgement latency of records, in ms: the time from {@code send} until the broker's answer was
     * handled, at {@code quantile} (0..1; 0.99 for p99). Within 6.25 %; 0 before the first acknowledgement.
     */
    public double sendLatencyMs(double quantile) {
        return sendLatency.quantileMs(quantile);
    }

    /** The largest send-to-acknowledgement latency seen, in ms. */
    public double maxSendLatencyMs() {
        return sendLatency.maxMs();
    }

    /** The mean send-to-acknowledgement latency, in ms. */
    public double averageSendLatencyMs() {
        return sendLatency.meanMs();
    }

    /** Records whose acknowledgement latency was measured. */
    public long sendLatencyCount() {
        return sendLatency.count();
    }

    /** Mean records per produce request. */
    public double recordsPerRequest() {
        long n = requests.sum();
        return n == 0 ? 0 : (double) recordsSent.sum() / n;
    }
}
