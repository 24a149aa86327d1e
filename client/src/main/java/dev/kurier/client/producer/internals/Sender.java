package dev.kurier.client.producer.internals;

import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.network.NetworkException;
import dev.kurier.client.producer.ProducerClosedException;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.message.ProduceRequest;
import dev.kurier.client.protocol.message.ProduceResponse;
import dev.kurier.client.protocol.compression.CompressionType;
import dev.kurier.client.protocol.record.RecordBatch;
import dev.kurier.client.protocol.record.RecordBatchBuilder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's I/O thread. Records are already encoded into their partition's batch by the sending threads; this
 * thread decides when a batch leaves ({@code batch.size} reached, {@code linger.ms} passed, flush or close), closes it
 * (header, producer id, sequence, CRC, compression), groups ready batches by leader into produce requests no larger
 * than {@code max.request.size}, and handles the answers: success, retry after {@code retry.backoff.ms} with a
 * metadata refresh when the leader moved, or failure.
 *
 * <p><b>Order per partition.</b> Up to {@code max.in.flight.requests.per.connection} batches of a partition are in
 * flight at once (at most 5 with idempotence, the broker's de-duplication window). With idempotence they are ordered
 * by their sequence numbers: the broker rejects any that would skip one, so a retry can never land behind a newer
 * batch. Without idempotence (acks 0 or 1) nothing orders them, as in kafka-clients: a batch retried after a failure
 * may land behind a newer one that succeeded, unless {@code max.in.flight.requests.per.connection=1}. After a
 * retriable failure the partition sends nothing new until everything in flight has come back; then the failed
 * batches go out again, one at a time, oldest first.
 *
 * <p><b>Requests per broker.</b> A broker handles one request per connection at a time, so while a request to a broker
 * is outstanding, a request carrying a single batch is held back until the answer comes (it would only wait at the
 * broker, and cost it a request of its own); two or more ready batches, a retry, a flush or a close go at once, up to
 * {@code max.in.flight.requests.per.connection}. Under load this fills requests instead of multiplying them. While the
 * producer is paced ({@link Pacer}) the broker is the bottleneck, and two requests per broker are in flight: one it
 * handles, one waiting behind it; more would only wait at the broker.
 *
 * <p>All partition state is touched only by this thread; responses are handed back to it through a queue.
 */
final class Sender implements Runnable, TransactionManager.SenderLink {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long EMPTY_BATCH_RECHECK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Low bits of a batch's send order left for the parts it may be split into (one per record at most). */
    private static final int SPLIT_ORDER_BITS = 24;
    /** The most batches of one partition the broker tracks for idempotent de-duplication. */
    private static final int MAX_IDEMPOTENT_IN_FLIGHT = 5;

    private final Settings settings;
    private final RecordAccumulator accumulator;
    private final MetadataManager metadata;
    private final dev.kurier.client.common.Clock clock;
    private final NetworkClient network;
    private final ProducerMetrics metrics;
    private final ProducerIdManager producerIds;
    /** The transaction state of a transactional producer, else null. */
    private final TransactionManager txn;
    private final BatchOutcomes outcomes;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final int perPartitionInFlight;
    private final ConcurrentLinkedQueue<Runnable> completions = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Integer> inFlightPerNode = new HashMap<>();
    private final java.util.Set<ProducerBatch> inFlightBatches = new java.util.HashSet<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile boolean stopped;
    /** Tests only: how long a new producer id or epoch waits before this thread takes it (a busy sender). */
    private volatile long installDelayNanos;
    private volatile boolean forceClose;
    private long sendOrder;

    /** What the sender needs from the producer config. */
    record Settings(short acks, long lingerNanos, int batchSize, int maxRequestSize, int requestTimeoutMs, int retries,
                    long retryBackoffNanos, long deliveryTimeoutNanos, int maxInFlight, CompressionType compression,
                    boolean idempotent, String description) {
    }

    Sender(Settings settings, RecordAccumulator accumulator, MetadataManager metadata, NetworkClient network,
           ProducerMetrics metrics) {
        this(settings, accumulator, metadata, network, metrics, null);
    }

    Sender(Settings settings, RecordAccumulator accumulator, MetadataManager metadata, NetworkClient network,
           ProducerMetrics metrics, TransactionManager txn) {
        this.settings = settings;
        this.txn = txn;
        this.accumulator = accumulator;
        this.metadata = metadata;
        this.clock = metadata.clock();
        this.network = network;
        this.metrics = metrics;
        this.producerIds = settings.idempotent()
                ? new ProducerIdManager(metadata, settings.retryBackoffNanos(), settings.description(), txn != null)
                : null;
        this.perPartitionInFlight = settings.idempotent()
                ? Math.max(1, Math.min(settings.maxInFlight(), MAX_IDEMPOTENT_IN_FLIGHT)) : Math.max(1, settings.maxInFlight());
        this.outcomes = new BatchOutcomes(settings, accumulator, metrics, producerIds, txn, alloc, () -> running);
        if (txn != null) {
            txn.bind(this);
        }
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> installProducerId(long producerId, short epoch) {
        java.util.concurrent.CompletableFuture<Void> installed = new java.util.concurrent.CompletableFuture<>();
        Runnable install = () -> {
            producerIds.install(producerId, epoch);
            installed.complete(null);
        };
        long delay = installDelayNanos;
        if (delay > 0) {
            java.util.concurrent.CompletableFuture.delayedExecutor(delay, java.util.concurrent.TimeUnit.NANOSECONDS)
                    .execute(() -> {
                        completions.add(install);
                        wakeup();
                    });
        } else {
            completions.add(install);
            wakeup();
        }
        if (stopped) {
            installed.complete(null); // nothing will be sent any more
        }
        return installed;
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> abortUnsent() {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        completions.add(() -> {
            for (PartitionQueue q : accumulator.queues()) {
                outcomes.failUnsent(q, () -> new dev.kurier.client.producer.TransactionAbortedException("the transaction of "
                        + "transactional id '" + txn.transactionalId() + "' was aborted before the record for "
                        + q.partition + " was sent"));
            }
            done.complete(null);
        });
        wakeup();
        if (stopped) {
            done.complete(null);
        }
        return done;
    }

    /** Tests only: the thread takes each new producer id or epoch {@code delay} after it is handed over. */
    void delayInstalls(java.time.Duration delay) {
        installDelayNanos = delay.toNanos();
    }

    /** Wakes the thread (a batch filled up or started, a flush, a close). */
    public void wakeup() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Until {@link #endFlush()}, every batch is sent without waiting for linger.ms. */
    void beginFlush() {
        flushes.incrementAndGet();
        wakeup();
    }

    void endFlush() {
        flushes.decrementAndGet();
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
        accumulator.pacer().exempt(thread);
        log.debug("{}: sender started", settings.description());
        while (running || hasWork()) {
            if (forceClose) {
                break;
            }
            try {
                long next = runOnce(clock.nanoTime());
                long park = Math.min(MAX_PARK_NANOS, next - clock.nanoTime());
                if (park > 0 && completions.isEmpty()) {
                    LockSupport.parkNanos(this, park);
                }
            } catch (RuntimeException e) {
                log.error("{}: unexpected error in the sender thread", settings.description(), e);
            }
        }
        failEverything();
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
        boolean urgent = flushes.get() > 0 || !running;
        long next = now + MAX_PARK_NANOS;
        if (txn != null) {
            txn.maybeAddPartitions();
        }
        if (producerIds != null && !producerIds.ready()) {
            // A new id or epoch only once nothing is in flight: batches sent under the old epoch must settle first.
            if (inFlightBatches.isEmpty()) {
                producerIds.maybeSend(now, c2 -> {
                    completions.add(c2);
                    wakeup();
                });
            }
            for (PartitionQueue q : accumulator.queues()) {
                outcomes.expire(q, now);
            }
            return Math.min(next, now + settings.retryBackoffNanos());
        }
        Map<Node, List<PartitionQueue>> ready = new LinkedHashMap<>();
        // While the producer is paced the brokers are the bottleneck: requests beyond the one being handled and the
        // next would only queue at the broker, adding their time to every record's latency.
        int requestsPerBroker = accumulator.pacer().active()
                ? Math.min(settings.maxInFlight(), Pacer.PACED_REQUESTS_PER_BROKER) : settings.maxInFlight();
        int partitionsInUse = 0;
        for (PartitionQueue q : accumulator.queues()) {
            outcomes.expire(q, now);
            if (!q.inFlight.isEmpty() || q.hasWaiting()) {
                partitionsInUse++;
            }
            if (!q.retries.isEmpty()) {
                if (!q.inFlight.isEmpty()) {
                    continue; // resend in order only once everything outstanding has come back
                }
                if (now < q.retryAfterNanos) {
                    next = Math.min(next, q.retryAfterNanos);
                    continue;
                }
            } else {
                if (q.inFlight.size() >= inFlightLimit(q)) {
                    continue;
                }
                if (q.ready == null) {
                    ProducerBatch head = q.peekWaiting();
                    if (head == null) {
                        continue;
                    }
                    if (head == q.open && head.recordsClaimed() == 0) {
                        // Just started: the thread that made it is writing its first record. An empty batch must
                        // never leave (with idempotence it would even take a sequence number); look again shortly.
                        next = Math.min(next, now + EMPTY_BATCH_RECHECK_NANOS);
                        continue;
                    }
                    long lingerEnd = head.createdNanos + settings.lingerNanos();
                    boolean sendable = urgent || head.isSealed() || head != q.open
                            || head.sizeInBytes() >= settings.batchSize() || now >= lingerEnd;
                    if (!sendable) {
                        next = Math.min(next, lingerEnd);
                        continue;
                    }
                }
            }
            if (txn != null && !txn.sendable(q.partition)) {
                continue; // AddPartitionsToTxn first (transactions version 1); its answer wakes this thread
            }
            Node leader = metadata.leader(q.partition);
            if (leader == null) {
                // Keep the topic in what refreshes ask for: a send served from the cache (a topic another part of
                // the client looked up) did not add it, and a refresh without it would never bring the leader back.
                metadata.track(List.of(q.partition.topic()));
                metadata.requestUpdate();
                continue;
            }
            if (inFlightPerNode.getOrDefault(leader.id(), 0) >= requestsPerBroker) {
                continue;
            }
            ready.computeIfAbsent(leader, n -> new ArrayList<>()).add(q);
        }
        accumulator.pacer().tick(now, inFlightPerNode.size(), partitionsInUse, mostRequestsAtOneBroker());
        boolean sent = false;
        for (Map.Entry<Node, List<PartitionQueue>> e : ready.entrySet()) {
            if (!urgent && inFlightPerNode.containsKey(e.getKey().id()) && fewerThanTwoBatches(e.getValue())) {
                // A broker handles one request per connection at a time: a lone batch sent behind an outstanding
                // request would only wait there, and cost the broker a request of its own. It goes with the next
                // answer, together with whatever is ready by then (the answer wakes this thread).
                continue;
            }
            sendTo(e.getKey(), e.getValue(), now);
            sent = true;
        }
        // A request takes one batch per partition: when some were sent, look again at once, since a partition may
        // have more full batches and room in flight (a backlog after a pause must drain at network speed, not at
        // one batch per wake-up).
        return sent ? now : next;
    }

    /**
     * How many batches of {@code q} may be in flight. With idempotence, the first batch of a partition under a producer
     * id and epoch goes alone: a broker with no state for that producer accepts any sequence, so if that batch failed
     * (say, the leader was not ready yet) and the next one succeeded, the retried first batch would land behind it.
     * Once the broker acknowledged one batch it checks every sequence after it.
     */
    private int inFlightLimit(PartitionQueue q) {
        if (producerIds != null && q.acknowledgedGeneration != producerIds.generation()) {
            return 1;
        }
        return perPartitionInFlight;
    }

    /** The most requests outstanding at any one broker. */
    private int mostRequestsAtOneBroker() {
        int most = 0;
        for (int n : inFlightPerNode.values()) {
            most = Math.max(most, n);
        }
        return most;
    }

    /** Whether the ready partitions of a broker hold fewer than two sendable batches (retries count as two). */
    private static boolean fewerThanTwoBatches(List<PartitionQueue> queues) {
        int batches = 0;
        for (PartitionQueue q : queues) {
            batches += !q.retries.isEmpty() ? 2 : (q.ready != null ? 1 : 0) + q.sendableCount();
            if (batches >= 2) {
                return false;
            }
        }
        return true;
    }

    /** The next batch of {@code q} to send, closed and sequenced; null if it could not be encoded. */
    private ProducerBatch take(PartitionQueue q) {
        if (!q.retries.isEmpty()) {
            ProducerBatch b = q.retries.poll();
            b.queuedForRetry = false;
            if (producerIds != null && b.idGeneration != producerIds.generation()) {
                resequence(q, b);
            }
            return b;
        }
        if (q.ready != null) {
            ProducerBatch b = q.ready;
            q.ready = null;
            return b;
        }
        ProducerBatch b = q.pollWaiting();
        if (b == null) {
            return null;
        }
        if (b.sealedFullNanos != 0) {
            accumulator.pacer().sample(clock.nanoTime() - b.sealedFullNanos);
        }
        try {
            if (producerIds == null) {
                b.close(settings.compression(), alloc, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                        RecordBatch.NO_SEQUENCE);
            } else {
                syncSequence(q);
                int sequence = q.nextSequence;
                b.close(settings.compression(), alloc, producerIds.producerId(), producerIds.epoch(), sequence, txn != null);
                b.idGeneration = producerIds.generation();
                q.nextSequence = ProducerIdManager.incrementSequence(sequence, b.count);
            }
            // Spaced out so that the parts of a batch split later sort between it and the next (see ProducerBatch#split).
            b.sendOrder = ++sendOrder << SPLIT_ORDER_BITS;
            return b;
        } catch (RuntimeException e) {
            // Encoding failed (e.g. a codec error): fail these records, keep the producer going.
            b.sealAndCount();
            outcomes.finishFailed(b, new KurierException("could not encode a batch for " + q.partition + ": " + e.getMessage(), e));
            b.release();
            return null;
        }
    }

    private void sendTo(Node node, List<PartitionQueue> queues, long now) {
        int budget = settings.maxRequestSize() - 128;
        Map<String, List<ProducerBatch>> byTopic = new LinkedHashMap<>();
        List<ProducerBatch> batches = new ArrayList<>();
        for (PartitionQueue q : queues) {
            ProducerBatch b = take(q);
            if (b == null) {
                continue;
            }
            if (b.encoded.readableBytes() > budget && !batches.isEmpty()) {
                // No room left in this request: it goes first in the next one.
                if (b.attempts > 0) {
                    b.queuedForRetry = true;
                    q.retries.add(b);
                    q.retryAfterNanos = now;
                } else {
                    q.ready = b;
                }
                continue;
            }
            q.inFlight.addLast(b);
            metrics.partitionInFlight(q.inFlight.size());
            b.attempts++;
            budget -= b.encoded.readableBytes() + 32;
            batches.add(b);
            byTopic.computeIfAbsent(b.partition.topic(), t -> new ArrayList<>()).add(b);
        }
        if (batches.isEmpty()) {
            return;
        }
        List<ProduceRequest.TopicProduceData> topics = new ArrayList<>(byTopic.size());
        for (Map.Entry<String, List<ProducerBatch>> e : byTopic.entrySet()) {
            TopicInfo info = metadata.snapshot().topic(e.getKey());
            UUID id = info == null ? null : info.topicId();
            List<ProduceRequest.PartitionProduceData> parts = new ArrayList<>(e.getValue().size());
            for (ProducerBatch b : e.getValue()) {
                parts.add(new ProduceRequest.PartitionProduceData(b.partition.partition(), b.encoded));
            }
            topics.add(new ProduceRequest.TopicProduceData(e.getKey(), id, parts));
        }
        dev.kurier.client.protocol.Request<ProduceResponse> request = new ProduceRequest(
                txn == null ? null : txn.transactionalId(), settings.acks(), settings.requestTimeoutMs(), topics);
        if (txn != null) {
            txn.batchSent();
            if (!txn.v2()) {
                // v12 tells the broker the producer adds partitions implicitly (transactions version 2)
                request = dev.kurier.client.protocol.Request.capped(request, 11);
            }
        }
        inFlightPerNode.merge(node.id(), 1, Integer::sum);
        inFlightBatches.addAll(batches);
        metrics.requestDispatched();
        metrics.requestSent(batches);
        long sentNanos = clock.nanoTime();
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
        q.nextSequence = ProducerIdManager.incrementSequence(sequence, b.count);
    }

    private void complete(Node node, List<ProducerBatch> batches, ProduceResponse resp, Throwable err, long sentNanos) {
        inFlightPerNode.computeIfPresent(node.id(), (k, v) -> v <= 1 ? null : v - 1);
        inFlightBatches.removeAll(batches);
        metrics.requestAnswered();
        for (ProducerBatch b : batches) {
            PartitionQueue q = accumulator.queue(b.partition);
            if (q != null) {
                q.inFlight.remove(b);
            }
        }
        try {
            if (!stopped) {
                handleAnswer(node, batches, resp, err, sentNanos);
            }
        } finally {
            for (ProducerBatch b : batches) {
                if (!b.queuedForRetry) {
                    b.release();
                }
            }
        }
    }

    private void handleAnswer(Node node, List<ProducerBatch> batches, ProduceResponse resp, Throwable err, long sentNanos) {
        long now = clock.nanoTime();
        if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            boolean retriable = cause instanceof NetworkException
                    || cause instanceof KurierException ke && ke.isRetriable();
            metadata.requestUpdate();
            for (ProducerBatch b : batches) {
                outcomes.retryOrFail(accumulator.queue(b.partition), b, cause, retriable, now);
            }
            return;
        }
        metrics.requestCompleted(now - sentNanos);
        if (resp == null) {
            // acks=0: no answer comes, offsets are unknown
            for (ProducerBatch b : batches) {
                outcomes.finishSucceeded(b, -1, -1, now);
            }
            return;
        }
        accumulator.pacer().answered(now - sentNanos);
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
                outcomes.retryOrFail(q, b, new KurierException("broker " + node.id() + " did not answer for " + b.partition), true, now);
                continue;
            }
            Errors e = Errors.forCode(p.errorCode());
            if (e == Errors.NONE || e == Errors.DUPLICATE_SEQUENCE_NUMBER) {
                if (q != null && producerIds != null && b.idGeneration == producerIds.generation()) {
                    q.acknowledgedGeneration = b.idGeneration;
                }
                outcomes.finishSucceeded(b, e == Errors.NONE ? p.baseOffset() : -1, p.logAppendTimeMs(), now);
                continue;
            }
            if (e.invalidatesMetadata()) {
                // KIP-951: the response names the new leader; use it now rather than after the refresh
                ProduceResponse.LeaderIdAndEpoch leader = p.currentLeader();
                boolean moved = leader != null && leader.leaderId() >= 0
                        && metadata.leaderMoved(b.partition, leader.leaderId(), leader.leaderEpoch(), nodes(resp));
                if (!moved) {
                    metadata.requestUpdate();
                } else if (q != null && outcomes.retryOrFailAtOnce(q, b, e, node, p, now)) {
                    continue;
                }
            }
            if ((e == Errors.MESSAGE_TOO_LARGE || e == Errors.RECORD_LIST_TOO_LARGE) && b.count > 1 && q != null
                    && running && !(txn != null && txn.aborting()) && outcomes.split(q, b, node, now)) {
                continue;
            }
            boolean retriable = e.retriable;
            if (txn != null) {
                if (e == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER && BatchOutcomes.earlierOutstanding(q, b)) {
                    retriable = true; // an earlier batch failed (or was split) and this one could not follow it
                } else if (e == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER || e == Errors.UNKNOWN_PRODUCER_ID
                        || e == Errors.INVALID_PRODUCER_EPOCH || e == Errors.PRODUCER_FENCED
                        || TransactionErrors.fatal(e)) {
                    // Inside a transaction these end it: the transaction is aborted (and the epoch bumped) or the
                    // producer is fenced; a retry could not fix them.
                    retriable = false;
                }
            } else if (producerIds != null) {
                if (e == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER || e == Errors.UNKNOWN_PRODUCER_ID) {
                    if (!BatchOutcomes.earlierOutstanding(q, b)) {
                        // The oldest batch we have not settled: a real gap, or the broker lost our state. A new epoch
                        // restarts sequences; the batch is re-sequenced and resent.
                        producerIds.requestBump(e.name() + " on " + b.partition);
                    } // else an earlier batch failed and this one could not follow it: resend after it
                    retriable = true;
                } else if (e == Errors.INVALID_PRODUCER_EPOCH || e == Errors.PRODUCER_FENCED) {
                    producerIds.requestFreshId(e.name() + " on " + b.partition);
                    retriable = true;
                }
            }
            KafkaErrorException ex = e.exception("producing to " + b.partition + " on broker " + node.id()
                    + (p.errorMessage() == null ? "" : ": " + p.errorMessage()));
            outcomes.retryOrFail(q, b, ex, retriable, now);
        }
    }

    /** The brokers a Produce response names (v10+, with NOT_LEADER_OR_FOLLOWER errors). */
    private static List<Node> nodes(ProduceResponse resp) {
        if (resp.nodeEndpoints() == null || resp.nodeEndpoints().isEmpty()) {
            return List.of();
        }
        List<Node> out = new ArrayList<>(resp.nodeEndpoints().size());
        for (ProduceResponse.NodeEndpoint n : resp.nodeEndpoints()) {
            out.add(new Node(n.nodeId(), n.host(), n.port(), n.rack()));
        }
        return out;
    }

    private void failEverything() {
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
            outcomes.finishFailed(b, new ProducerClosedException(b.partition.toString()));
        }
        for (PartitionQueue q : accumulator.queues()) {
            outcomes.failUnsent(q, () -> new ProducerClosedException(q.partition.toString()));
        }
    }
}
