package dev.kurier.client.producer.internals;

import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.network.NetworkException;
import dev.kurier.client.producer.DeliveryTimeoutException;
import dev.kurier.client.producer.ProducerClosedException;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.ProduceRequest;
import dev.kurier.client.protocol.ProduceResponse;
import dev.kurier.client.protocol.compression.CompressionType;
import dev.kurier.client.protocol.record.RecordBatchBuilder;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's I/O thread. It decides when a partition's records leave ({@code batch.size} reached,
 * {@code linger.ms} passed, flush or close), encodes them as one batch per partition, groups batches by leader
 * into produce requests no larger than {@code max.request.size}, and handles the answers: success, retry after
 * {@code retry.backoff.ms} with a metadata refresh when the leader moved, or failure.
 *
 * <p>Order per partition is kept by having at most one batch of a partition in flight, and by re-sending a
 * failed batch before any newer record of that partition. All partition state is touched only by this thread;
 * responses are handed back to it through a queue.
 */
final class Sender implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Settings settings;
    private final RecordAccumulator accumulator;
    private final MetadataManager metadata;
    private final NetworkClient network;
    private final FlushTracker flush;
    private final ProducerMetrics metrics;
    private final ProducerIdManager producerIds;
    private final ConcurrentLinkedQueue<Runnable> completions = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Integer> inFlightPerNode = new HashMap<>();
    private volatile Thread thread;
    private final java.util.Set<ProducerBatch> inFlightBatches = new java.util.HashSet<>();
    private volatile boolean running = true;
    private volatile boolean stopped;
    private volatile boolean forceClose;
    private volatile int flushRequests;

    /** What the sender needs from the producer config. */
    record Settings(short acks, long lingerNanos, int batchSize, int maxRequestSize, int requestTimeoutMs, int retries,
                    long retryBackoffNanos, long deliveryTimeoutNanos, int maxInFlight, CompressionType compression,
                    boolean idempotent, String description) {
    }

    Sender(Settings settings, RecordAccumulator accumulator, MetadataManager metadata, NetworkClient network,
           FlushTracker flush, ProducerMetrics metrics) {
        this.settings = settings;
        this.accumulator = accumulator;
        this.metadata = metadata;
        this.network = network;
        this.flush = flush;
        this.metrics = metrics;
        this.producerIds = settings.idempotent()
                ? new ProducerIdManager(metadata, settings.retryBackoffNanos(), settings.description()) : null;
    }

    /** Wakes the thread (a batch filled up, a flush, a close). */
    void wakeup() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Sends everything queued now without waiting for linger.ms. */
    void flushNow() {
        flushRequests++;
        wakeup();
    }

    /** Stops once everything queued is done. */
    void initiateClose() {
        running = false;
        wakeup();
    }

    /** Stops now: what is still queued or in flight fails. */
    void forceClose() {
        forceClose = true;
        running = false;
        wakeup();
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        log.debug("{}: sender started", settings.description());
        while (running || hasWork()) {
            if (forceClose) {
                break;
            }
            try {
                long next = runOnce(System.nanoTime());
                long park = Math.min(MAX_PARK_NANOS, next - System.nanoTime());
                if (park > 0 && completions.isEmpty()) {
                    LockSupport.parkNanos(this, park);
                }
            } catch (RuntimeException e) {
                log.error("{}: unexpected error in the sender thread", settings.description(), e);
            }
        }
        failEverything(new ProducerClosedException("a topic-partition (producer " + settings.description() + ")"));
        log.debug("{}: sender stopped", settings.description());
    }

    private boolean hasWork() {
        if (!completions.isEmpty() || !inFlightPerNode.isEmpty()) {
            return true;
        }
        for (PartitionQueue q : accumulator.queues()) {
            if (!q.isIdle()) {
                return true;
            }
        }
        return false;
    }

    /** One pass: handle answers, expire, send what is ready. Returns when to look again. */
    long runOnce(long now) {
        Runnable c;
        while ((c = completions.poll()) != null) {
            c.run();
        }
        boolean urgent = flushRequests > 0 || !running;
        int flushSeen = flushRequests;
        long next = now + MAX_PARK_NANOS;
        if (producerIds != null && !producerIds.ready()) {
            producerIds.maybeSend(now, c2 -> {
                completions.add(c2);
                wakeup();
            });
            for (PartitionQueue q : accumulator.queues()) {
                expire(q, now);
            }
            return Math.min(next, now + settings.retryBackoffNanos());
        }
        Map<Node, List<PartitionQueue>> ready = new LinkedHashMap<>();
        for (PartitionQueue q : accumulator.queues()) {
            expire(q, now);
            if (q.inFlight) {
                continue;
            }
            boolean sendable;
            if (q.retry != null) {
                sendable = now >= q.retryAfterNanos;
                if (!sendable) {
                    next = Math.min(next, q.retryAfterNanos);
                }
            } else {
                PendingRecord first = q.records.peek();
                if (first == null) {
                    continue;
                }
                long lingerEnd = first.enqueuedNanos + settings.lingerNanos();
                sendable = urgent || q.queuedBytes.get() >= settings.batchSize() || now >= lingerEnd;
                if (!sendable) {
                    next = Math.min(next, lingerEnd);
                }
            }
            if (!sendable) {
                continue;
            }
            Node leader = metadata.leader(q.partition);
            if (leader == null) {
                metadata.requestUpdate();
                continue;
            }
            if (inFlightPerNode.getOrDefault(leader.id(), 0) >= settings.maxInFlight()) {
                continue;
            }
            ready.computeIfAbsent(leader, n -> new ArrayList<>()).add(q);
        }
        for (Map.Entry<Node, List<PartitionQueue>> e : ready.entrySet()) {
            sendTo(e.getKey(), e.getValue(), now);
        }
        if (flushSeen > 0 && flushRequests == flushSeen) {
            flushRequests = 0;
        }
        return next;
    }

    private void sendTo(Node node, List<PartitionQueue> queues, long now) {
        int budget = settings.maxRequestSize() - 128;
        Map<String, List<ProducerBatch>> byTopic = new LinkedHashMap<>();
        List<ProducerBatch> batches = new ArrayList<>();
        for (PartitionQueue q : queues) {
            ProducerBatch b;
            if (q.retry != null) {
                b = q.retry;
                if (producerIds != null && b.idGeneration != producerIds.generation()) {
                    resequence(q, b);
                }
            } else {
                b = drain(q, Math.max(budget, 0), now);
            }
            if (b == null) {
                continue;
            }
            if (b.encoded.readableBytes() > budget && !batches.isEmpty()) {
                // No room left in this request: keep it for the next one.
                if (q.retry == null) {
                    q.retry = b;
                    q.retryAfterNanos = now;
                }
                continue;
            }
            q.retry = null;
            q.inFlight = true;
            b.attempts++;
            budget -= b.encoded.readableBytes() + 32;
            batches.add(b);
            byTopic.computeIfAbsent(b.partition.topic(), t -> new ArrayList<>()).add(b);
        }
        if (batches.isEmpty()) {
            return;
        }
        List<ProduceRequest.TopicProduceData> topics = new ArrayList<>();
        for (Map.Entry<String, List<ProducerBatch>> e : byTopic.entrySet()) {
            TopicInfo info = metadata.snapshot().topic(e.getKey());
            UUID id = info == null ? null : info.topicId();
            List<ProduceRequest.PartitionProduceData> parts = new ArrayList<>();
            for (ProducerBatch b : e.getValue()) {
                parts.add(new ProduceRequest.PartitionProduceData(b.partition.partition(), b.encoded));
            }
            topics.add(new ProduceRequest.TopicProduceData(e.getKey(), id, parts));
        }
        ProduceRequest request = new ProduceRequest(null, settings.acks(), settings.requestTimeoutMs(), topics);
        inFlightPerNode.merge(node.id(), 1, Integer::sum);
        inFlightBatches.addAll(batches);
        metrics.requestSent(batches);
        long sentNanos = System.nanoTime();
        network.connection(new Endpoint(node.host(), node.port())).send(request).whenComplete((resp, err) -> {
            Runnable c = () -> complete(node, batches, resp, err, sentNanos);
            if (stopped) {
                c.run(); // the sender thread is gone: finish here so buffers are released
            } else {
                completions.add(c);
                wakeup();
            }
        });
    }

    private ProducerBatch drain(PartitionQueue q, int budget, long now) {
        List<PendingRecord> taken = new ArrayList<>();
        int size = 0;
        int limit = Math.min(Math.max(settings.batchSize(), 1), budget);
        PendingRecord r;
        while ((r = q.records.peek()) != null) {
            if (!taken.isEmpty() && size + r.estimatedSize > limit) {
                break;
            }
            q.records.poll();
            q.queuedBytes.addAndGet(-r.estimatedSize);
            taken.add(r);
            size += r.estimatedSize;
        }
        if (taken.isEmpty()) {
            return null;
        }
        try {
            if (producerIds == null) {
                return new ProducerBatch(q.partition, taken, BatchEncoding.encode(ByteBufAllocator.DEFAULT, taken,
                        settings.compression()), now);
            }
            syncSequence(q);
            int sequence = q.nextSequence;
            ProducerBatch b = new ProducerBatch(q.partition, taken, BatchEncoding.encode(ByteBufAllocator.DEFAULT, taken,
                    settings.compression(), producerIds.producerId(), producerIds.epoch(), sequence), now);
            b.idGeneration = producerIds.generation();
            q.nextSequence = ProducerIdManager.incrementSequence(sequence, taken.size());
            return b;
        } catch (RuntimeException e) {
            // Encoding failed (e.g. a codec error): fail these records, keep the producer going.
            ProducerBatch failed = new ProducerBatch(q.partition, taken, io.netty.buffer.Unpooled.EMPTY_BUFFER, now);
            failed.fail(new KurierException("could not encode a batch for " + q.partition + ": " + e.getMessage(), e),
                    flush, accumulator);
            failed.release();
            return null;
        }
    }

    private void syncSequence(PartitionQueue q) {
        if (q.idGeneration != producerIds.generation()) {
            q.idGeneration = producerIds.generation();
            q.nextSequence = 0;
        }
    }

    /** Gives a batch that failed under an older producer id/epoch the current one and fresh sequence numbers. */
    private void resequence(PartitionQueue q, ProducerBatch b) {
        syncSequence(q);
        int sequence = q.nextSequence;
        // Same records, same bytes: only the producer state and the CRC change.
        RecordBatchBuilder.rewriteProducerState(b.encoded, producerIds.producerId(), producerIds.epoch(), sequence);
        b.idGeneration = producerIds.generation();
        q.nextSequence = ProducerIdManager.incrementSequence(sequence, b.records.size());
    }

    private void complete(Node node, List<ProducerBatch> batches, ProduceResponse resp, Throwable err, long sentNanos) {
        inFlightPerNode.computeIfPresent(node.id(), (k, v) -> v <= 1 ? null : v - 1);
        inFlightBatches.removeAll(batches);
        try {
            handleAnswer(node, batches, resp, err, sentNanos);
        } finally {
            for (ProducerBatch b : batches) {
                PartitionQueue q = accumulator.queue(b.partition);
                if (q == null || q.retry != b) {
                    b.release();
                }
            }
        }
    }

    private void handleAnswer(Node node, List<ProducerBatch> batches, ProduceResponse resp, Throwable err, long sentNanos) {
        long now = System.nanoTime();
        if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            boolean retriable = cause instanceof NetworkException
                    || cause instanceof KurierException ke && ke.isRetriable();
            metadata.requestUpdate();
            for (ProducerBatch b : batches) {
                retryOrFail(accumulator.queue(b.partition), b, cause, retriable, now);
            }
            return;
        }
        metrics.requestCompleted(now - sentNanos);
        if (resp == null) {
            // acks=0: no answer comes, offsets are unknown
            for (ProducerBatch b : batches) {
                finish(accumulator.queue(b.partition), b);
                b.succeed(-1, -1, flush, accumulator);
            }
            return;
        }
        Map<TopicPartition, ProduceResponse.PartitionProduceResponse> answers = new HashMap<>();
        for (ProduceResponse.TopicProduceResponse t : resp.responses()) {
            String name = t.name() != null && !t.name().isEmpty() ? t.name() : metadata.snapshot().topicName(t.topicId());
            if (name == null) {
                continue;
            }
            for (ProduceResponse.PartitionProduceResponse p : t.partitionResponses()) {
                answers.put(new TopicPartition(name, p.index()), p);
            }
        }
        for (ProducerBatch b : batches) {
            PartitionQueue q = accumulator.queue(b.partition);
            ProduceResponse.PartitionProduceResponse p = answers.get(b.partition);
            if (p == null) {
                retryOrFail(q, b, new KurierException("broker " + node.id() + " did not answer for " + b.partition), true, now);
                continue;
            }
            Errors e = Errors.forCode(p.errorCode());
            if (e == Errors.NONE) {
                finish(q, b);
                b.succeed(p.baseOffset(), p.logAppendTimeMs(), flush, accumulator);
                continue;
            }
            if (e == Errors.DUPLICATE_SEQUENCE_NUMBER) {
                finish(q, b);
                b.succeed(-1, p.logAppendTimeMs(), flush, accumulator);
                continue;
            }
            if (e.invalidatesMetadata()) {
                metadata.requestUpdate();
            }
            boolean retriable = e.retriable;
            if (producerIds != null) {
                if (e == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER || e == Errors.UNKNOWN_PRODUCER_ID) {
                    // One batch per partition is in flight, so this one was the next expected: a real gap, or the
                    // broker lost our state. A new epoch restarts sequences; the batch is re-sequenced and resent.
                    producerIds.requestBump(e.name() + " on " + b.partition);
                    retriable = true;
                } else if (e == Errors.INVALID_PRODUCER_EPOCH || e == Errors.PRODUCER_FENCED) {
                    producerIds.requestFreshId(e.name() + " on " + b.partition);
                    retriable = true;
                }
            }
            KafkaErrorException ex = e.exception("producing to " + b.partition + " on broker " + node.id()
                    + (p.errorMessage() == null ? "" : ": " + p.errorMessage()));
            retryOrFail(q, b, ex, retriable, now);
        }
    }

    private void finish(PartitionQueue q, ProducerBatch b) {
        if (q != null) {
            q.inFlight = false;
        }
        metrics.batchAcknowledged(b);
    }

    private void retryOrFail(PartitionQueue q, ProducerBatch b, Throwable cause, boolean retriable, long now) {
        b.lastError = cause;
        if (q != null) {
            q.inFlight = false;
        }
        long age = now - b.oldestNanos();
        if (retriable && running && b.attempts <= settings.retries() && age < settings.deliveryTimeoutNanos() && q != null) {
            log.debug("{}: retrying batch for {} after {}", settings.description(), b.partition, cause.toString());
            metrics.retried(b);
            q.retry = b;
            q.retryAfterNanos = now + settings.retryBackoffNanos();
            return;
        }
        if (retriable && age >= settings.deliveryTimeoutNanos()) {
            cause = new DeliveryTimeoutException(b.partition, TimeUnit.NANOSECONDS.toMillis(age),
                    TimeUnit.NANOSECONDS.toMillis(settings.deliveryTimeoutNanos()), cause);
        }
        metrics.failed(b);
        b.fail(cause, flush, accumulator);
    }

    private void expire(PartitionQueue q, long now) {
        long limit = settings.deliveryTimeoutNanos();
        if (q.retry != null && !q.inFlight && now - q.retry.oldestNanos() >= limit) {
            ProducerBatch b = q.retry;
            q.retry = null;
            metrics.failed(b);
            b.fail(new DeliveryTimeoutException(b.partition, TimeUnit.NANOSECONDS.toMillis(now - b.oldestNanos()),
                    TimeUnit.NANOSECONDS.toMillis(limit), b.lastError), flush, accumulator);
            b.release();
        }
        PendingRecord r;
        while ((r = q.records.peek()) != null && now - r.enqueuedNanos >= limit) {
            if (q.records.poll() != r) {
                break;
            }
            q.queuedBytes.addAndGet(-r.estimatedSize);
            accumulator.releaseMemory(r.estimatedSize);
            r.future.completeExceptionally(new DeliveryTimeoutException(q.partition,
                    TimeUnit.NANOSECONDS.toMillis(now - r.enqueuedNanos), TimeUnit.NANOSECONDS.toMillis(limit), null));
            flush.release(r.flushToken);
        }
    }

    private void failEverything(Throwable cause) {
        Runnable c;
        while ((c = completions.poll()) != null) {
            c.run();
        }
        stopped = true;
        while ((c = completions.poll()) != null) {
            c.run();
        }
        for (ProducerBatch b : List.copyOf(inFlightBatches)) {
            // still on the wire: fail the records now, release the bytes when the network answers
            b.fail(new ProducerClosedException(b.partition.toString()), flush, accumulator);
        }
        for (PartitionQueue q : accumulator.queues()) {
            if (q.retry != null) {
                q.retry.fail(new ProducerClosedException(q.partition.toString()), flush, accumulator);
                q.retry.release();
                q.retry = null;
            }
            PendingRecord r;
            while ((r = q.records.poll()) != null) {
                q.queuedBytes.addAndGet(-r.estimatedSize);
                accumulator.releaseMemory(r.estimatedSize);
                r.future.completeExceptionally(new ProducerClosedException(q.partition.toString()));
                flush.release(r.flushToken);
            }
        }
    }
}
