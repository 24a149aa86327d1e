package dev.kurier.client.consumer.internals;

import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.FetchRequest;
import dev.kurier.client.protocol.message.FetchResponse;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the {@link Fetcher}'s threads: fetches from the brokers whose node id maps to it, one fetch in flight per
 * broker, each with its {@link FetchSession}. A response is queued on this thread (the network thread only hands it
 * over), then the next fetch for that broker goes out at once.
 */
final class FetcherThread {

    private static final Logger log = LoggerFactory.getLogger(FetcherThread.class);
    /** How often to look again when something waits on metadata (an unknown leader). */
    private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The smallest partition fetch size asked for. */
    private static final long MIN_PARTITION_BYTES = 16 * 1024;
    /** The broker's longest wait for data while another partition of it has queued data being handed out. */
    private static final int DRAINING_MAX_WAIT_MS = 20;

    private final Fetcher f;
    private final int index;
    private final int count;
    private final Thread thread;
    private final Condition wake;
    /** Guarded by the fetcher's lock. */
    private boolean signalled = true;
    /** Responses handed over by the network threads; guarded by the fetcher's lock. */
    private final List<Completed> completed = new ArrayList<>();
    /** This thread only. */
    private final Map<Integer, InFlight> inFlight = new HashMap<>();
    private final Map<Integer, FetchSession> sessions = new HashMap<>();
    private final Map<Integer, Long> backoffUntil = new HashMap<>();
    /** Where each broker with a session was last fetched from (for closing the sessions); this thread only. */
    private final Map<Integer, Endpoint> endpoints = new HashMap<>();
    /** Tests only: session damage to apply before the next send ({id delta, epoch delta}), or null. */
    private volatile int[] damage;

    /**
     * A fetch on the wire: the session request and the generation of every partition it covers; {@code alone} for a
     * sessionless fetch of one partition (see {@link PartitionQueue#fetchAlone}), which leaves the session as it is.
     */
    private record InFlight(FetchSession.Built built, Map<TopicPartition, Integer> generations,
                            Map<UUID, String> topicNames, long sentNanos, boolean alone) {
    }

    private record Completed(int nodeId, FetchResponse response, Throwable error) {
    }

    FetcherThread(Fetcher f, int index, int count) {
        this.f = f;
        this.index = index;
        this.count = count;
        this.wake = f.lock.newCondition();
        this.thread = new Thread(this::run, "kurier-fetcher-" + f.clientId + "-" + index);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Under the fetcher's lock: look for work. */
    void signal() {
        signalled = true;
        wake.signal();
    }

    /** Tests only: see {@link FetchSession#damage}; applied on this thread before its next fetch. */
    void damageSessions(int idDelta, int epochDelta) {
        damage = new int[] {idDelta, epochDelta};
    }

    void join(long deadlineNanos) {
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Once the thread has ended: sends each open fetch session's closing request (see {@link FetchSession#close}),
     * without waiting for the answers, which are released when they come. The caller waits, bounded, before it closes
     * the connections.
     */
    List<CompletableFuture<FetchResponse>> closeSessions() {
        if (thread.isAlive()) {
            return List.of(); // did not stop in time: its sessions are not ours to touch; they expire on the broker
        }
        List<CompletableFuture<FetchResponse>> sent = new ArrayList<>();
        sessions.forEach((nodeId, session) -> {
            FetchSession.Built close = session.close();
            Endpoint endpoint = endpoints.get(nodeId);
            if (close == null || endpoint == null) {
                return;
            }
            FetchRequest request = FetchRequests.forConsumer(0, 0, 0, f.isolationLevel, close.sessionId(), close.epoch(),
                    List.of(), List.of(), "");
            try {
                CompletableFuture<FetchResponse> future = f.network.connection(endpoint).send(request);
                future.whenComplete((response, error) -> {
                    if (response != null) {
                        response.release();
                    }
                });
                sent.add(future);
            } catch (RuntimeException e) {
                log.debug("consumer {}: could not close fetch session {} on node {}: {}", f.clientId,
                        close.sessionId(), nodeId, e.getMessage());
            }
        });
        return sent;
    }

    /** Under the fetcher's lock, once closed: releases responses that arrived but were not processed. */
    void releaseCompleted() {
        for (Completed c : completed) {
            if (c.response() != null) {
                c.response().release();
            }
        }
        completed.clear();
    }

    /** Consecutive failed rounds after which the thread gives up and {@code poll} reports the cause. */
    static final int MAX_CONSECUTIVE_FAILURES = 10;

    private void run() {
        long waitNanos = 0;
        int failures = 0;
        try {
            while (true) {
                List<Completed> done;
                f.lock.lock();
                try {
                    while (!f.closed && !signalled && completed.isEmpty() && waitNanos > 0) {
                        waitNanos = wake.awaitNanos(waitNanos);
                    }
                    if (f.closed) {
                        return;
                    }
                    signalled = false;
                    done = completed.isEmpty() ? List.of() : new ArrayList<>(completed);
                    completed.clear();
                } finally {
                    f.lock.unlock();
                }
                RuntimeException failed = null;
                for (Completed c : done) {
                    try {
                        handle(c); // releases its response whatever happens
                    } catch (RuntimeException e) {
                        failed = e;
                        forget(c.nodeId()); // fetch from that broker again, from scratch, after a backoff
                    }
                }
                try {
                    waitNanos = sendFetches();
                } catch (RuntimeException e) {
                    failed = e;
                    waitNanos = f.retryBackoffNanos;
                }
                if (failed == null) {
                    failures = 0;
                    continue;
                }
                failures++;
                if (failures >= MAX_CONSECUTIVE_FAILURES) {
                    f.failed(index, failed);
                    log.error("consumer {}: fetcher thread {} failed {} times in a row and stops; poll reports the "
                            + "cause", f.clientId, index, failures, failed);
                    return;
                }
                log.warn("consumer {}: fetcher thread {} hit an unexpected error ({} in a row); it carries on: {}",
                        f.clientId, index, failures, failed.toString(), failed);
                waitNanos = Math.max(waitNanos, f.retryBackoffNanos * failures);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            f.failed(index, e);
            log.error("consumer {}: fetcher thread {} stopped; poll reports the cause", f.clientId, index, e);
        }
    }

    /** After an unexpected error with a broker's answer: no fetch counts as in flight, the session starts over. */
    private void forget(int nodeId) {
        inFlight.remove(nodeId);
        FetchSession session = sessions.get(nodeId);
        if (session != null) {
            session.failed();
        }
        backoffUntil.put(nodeId, f.clock.nanoTime() + f.retryBackoffNanos);
    }

    // ---- sending ------------------------------------------------------------------------------------

    /** Sends a fetch to every broker of this thread that has fetchable partitions and none in flight. */
    private long sendFetches() {
        if (f.injectedFaults.get() > 0 && f.injectedFaults.getAndDecrement() > 0) {
            throw new IllegalStateException("injected fault (tests)");
        }
        long now = f.clock.nanoTime();
        long nextCheck = now + TimeUnit.SECONDS.toNanos(1);
        Map<Node, Map<TopicPartition, FetchSession.Wanted>> byNode = new LinkedHashMap<>();
        Map<Node, Map<TopicPartition, Integer>> generations = new HashMap<>();
        Map<Node, TopicPartition> alone = new HashMap<>();
        java.util.Set<Integer> draining = new java.util.HashSet<>();
        long bytesRoom;
        f.lock.lock();
        try {
            if (f.closed) {
                return 0;
            }
            bytesRoom = f.maxQueuedBytes - f.totalBytes;
            if (bytesRoom <= 0) {
                return nextCheck - now; // back pressure: the poller's done() signals us
            }
            for (PartitionQueue q : f.queues.values()) {
                if (q.draining(f.maxQueuedRecords)) {
                    Node leader = fetchFrom(q, now);
                    if (leader != null) {
                        draining.add(leader.id());
                    }
                }
                if (!q.fetchable(f.maxQueuedRecords, now)) {
                    if (q.fetchPosition >= 0 && q.retryAtNanos - now > 0) {
                        nextCheck = Math.min(nextCheck, q.retryAtNanos);
                    }
                    continue;
                }
                Node leader = fetchFrom(q, now);
                if (leader == null) {
                    f.metadata.requestUpdate();
                    nextCheck = Math.min(nextCheck, now + IDLE_CHECK_NANOS);
                    continue;
                }
                if (Math.floorMod(leader.id(), count) != index || inFlight.containsKey(leader.id())) {
                    continue;
                }
                Long until = backoffUntil.get(leader.id());
                if (until != null && until - now > 0) {
                    nextCheck = Math.min(nextCheck, until);
                    continue;
                }
                TopicInfo info = f.metadata.snapshot().topic(q.partition.topic());
                // KIP-320: the leader epoch we know, so that a broker behind or ahead of our metadata says so
                // (FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH: refresh) instead of answering from a stale view
                int leaderEpoch = info == null || q.partition.partition() >= info.partitions().size() ? -1
                        : info.partitions().get(q.partition.partition()).leaderEpoch();
                FetchSession.Wanted wanted = new FetchSession.Wanted(info == null ? null : info.topicId(),
                        q.fetchPosition, leaderEpoch, q.lastFetchedEpoch, partitionLimit(q));
                if (q.fetchAlone && !alone.containsKey(leader)) {
                    alone.put(leader, q.partition); // this broker's fetch this round: see send
                    byNode.put(leader, new LinkedHashMap<>(Map.of(q.partition, wanted)));
                    generations.put(leader, new HashMap<>(Map.of(q.partition, q.generation)));
                    continue;
                }
                if (alone.containsKey(leader)) {
                    continue; // fetched with the next round, once the lone partition's answer is in
                }
                byNode.computeIfAbsent(leader, n -> new LinkedHashMap<>()).put(q.partition, wanted);
                generations.computeIfAbsent(leader, n -> new HashMap<>()).put(q.partition, q.generation);
            }
        } finally {
            f.lock.unlock();
        }
        for (Map.Entry<Node, Map<TopicPartition, FetchSession.Wanted>> e : byNode.entrySet()) {
            // While a partition of this broker is being drained, a long poll on the others would hold up its next
            // fetch (one fetch in flight per broker): wait briefly instead.
            int maxWait = draining.contains(e.getKey().id()) ? Math.min(f.maxWaitMs, DRAINING_MAX_WAIT_MS) : f.maxWaitMs;
            send(e.getKey(), e.getValue(), generations.get(e.getKey()), bytesRoom, maxWait,
                    alone.containsKey(e.getKey()));
        }
        return Math.max(1, nextCheck - f.clock.nanoTime());
    }

    /**
     * The partition's fetch size: about the room left under {@code queued.max.messages} at the last fetch's bytes per
     * record (what would not fit is cut off and fetched again), rounded up to a power of two so the limit, which an
     * incremental fetch resends when it changes, stays put while the queue drains; never below the largest batch seen,
     * which would return no whole batch, and otherwise within {@code max.partition.fetch.bytes}.
     */
    private int partitionLimit(PartitionQueue q) {
        int limit = f.partitionMaxBytes;
        if (q.bytesPerRecord > 0) {
            long want = (long) (f.maxQueuedRecords - q.records) * q.bytesPerRecord;
            long pow2 = Long.highestOneBit(Math.max(MIN_PARTITION_BYTES, want) - 1) << 1;
            limit = (int) Math.min(limit, pow2);
        }
        return Math.min(f.fetchMaxBytes, Math.max(limit, q.largestBatch));
    }

    /**
     * Sends one fetch to {@code node}: through its session, or, {@code alone}, a sessionless fetch of the one
     * partition in {@code wanted}, allowed up to {@code fetch.max.bytes} whatever the queued bytes, so its first batch
     * comes back whole.
     */
    private void send(Node node, Map<TopicPartition, FetchSession.Wanted> wanted, Map<TopicPartition, Integer> gens,
                      long bytesRoom, int maxWaitMs, boolean alone) {
        backoffUntil.remove(node.id());
        FetchSession session = alone ? new FetchSession(false)
                : sessions.computeIfAbsent(node.id(), id -> new FetchSession(f.sessions));
        int[] d = damage;
        if (d != null && !alone) {
            damage = null;
            session.damage(d[0], d[1]);
        }
        FetchSession.Built built = session.build(wanted);
        Map<UUID, String> names = new HashMap<>();
        wanted.forEach((tp, w) -> {
            if (w.topicId() != null) {
                names.put(w.topicId(), tp.topic());
            }
        });
        FetchRequest request = FetchRequests.forConsumer(maxWaitMs, f.minBytes,
                alone ? f.fetchMaxBytes : (int) Math.min(f.fetchMaxBytes, bytesRoom), f.isolationLevel, built.sessionId(), built.epoch(),
                built.topics(), built.forgotten(), f.rackId);
        f.metrics.fetchSent(built.full(), built.sent(), built.forgotten().stream().mapToInt(t -> t.partitions().size()).sum());
        CompletableFuture<FetchResponse> future;
        try {
            Endpoint endpoint = new Endpoint(node.host(), node.port());
            endpoints.put(node.id(), endpoint);
            future = f.network.connection(endpoint).send(request);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e); // the network client is closed: the consumer is closing
        }
        inFlight.put(node.id(), new InFlight(built, gens, names, f.clock.nanoTime(), alone));
        int nodeId = node.id();
        future.whenComplete((response, error) -> {
            f.lock.lock();
            try {
                if (f.closed) {
                    if (response != null) {
                        response.release(); // arrived after close: nobody will take it
                    }
                    return;
                }
                completed.add(new Completed(nodeId, response, error));
                wake.signal();
            } finally {
                f.lock.unlock();
            }
        });
    }

    // ---- receiving ----------------------------------------------------------------------------------

    private void handle(Completed c) {
        InFlight fl = inFlight.remove(c.nodeId());
        FetchSession session = sessions.get(c.nodeId());
        FetchResponse resp = c.response();
        if (c.error() != null || resp == null) {
            Throwable cause = c.error() instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : c.error();
            log.debug("consumer {}: fetch from node {} failed: {}", f.clientId, c.nodeId(),
                    cause == null ? "no response" : cause.getMessage());
            if (session != null) {
                session.failed(); // a lost connection may have lost the session: start over with a full fetch
            }
            backoffUntil.put(c.nodeId(), f.clock.nanoTime() + f.retryBackoffNanos);
            f.metrics.fetchFailed();
            f.metadata.requestUpdate();
            return;
        }
        try {
            if (fl == null) {
                return;
            }
            Errors top = Errors.forCode(resp.errorCode());
            if (!fl.alone()) {
                session.completed(fl.built(), top, resp.sessionId());
            }
            if (top != Errors.NONE) {
                f.metrics.fetchSessionError(top);
                if (top == Errors.FETCH_SESSION_ID_NOT_FOUND || top == Errors.INVALID_FETCH_SESSION_EPOCH) {
                    log.debug("consumer {}: fetch session {} on node {}: {}; starting a new one", f.clientId,
                            fl.built().sessionId(), c.nodeId(), top);
                } else {
                    log.debug("consumer {}: fetch from node {} answered {}", f.clientId, c.nodeId(), top);
                    backoffUntil.put(c.nodeId(), f.clock.nanoTime() + f.retryBackoffNanos);
                    if (top.invalidatesMetadata() || top.retriable) {
                        f.metadata.requestUpdate();
                    }
                }
                return;
            }
            long bytes = 0;
            for (FetchResponse.FetchableTopicResponse t : resp.responses()) {
                for (FetchResponse.PartitionData p : t.partitions()) {
                    bytes += p.records() == null ? 0 : p.records().readableBytes();
                }
            }
            f.metrics.fetchCompleted(f.clock.nanoTime() - fl.sentNanos(), bytes);
            queue(resp, fl, c.nodeId());
        } finally {
            resp.release();
        }
    }

    /** Queues each partition's data if the partition is still where the fetch was sent from. */
    private void queue(FetchResponse resp, InFlight fl, int nodeId) {
        long now = f.clock.nanoTime();
        boolean forPoller = false;
        f.lock.lock();
        try {
            if (f.closed) {
                return;
            }
            for (FetchResponse.FetchableTopicResponse t : resp.responses()) {
                String topic = t.topic() != null && !t.topic().isEmpty() ? t.topic() : fl.topicNames().get(t.topicId());
                if (topic == null) {
                    topic = f.metadata.snapshot().topicName(t.topicId());
                }
                if (topic == null) {
                    f.metadata.requestUpdate();
                    continue;
                }
                for (FetchResponse.PartitionData p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(topic, p.partitionIndex());
                    PartitionQueue q = f.queues.get(tp);
                    Integer generation = fl.generations().get(tp);
                    FetchSession.Wanted sent = fl.built().partitions().get(tp);
                    if (q == null || generation == null || q.generation != generation
                            || q.fetchPosition != sent.fetchOffset()) {
                        continue; // unassigned, or repositioned since the fetch went out: stale
                    }
                    forPoller |= apply(q, p, now, resp, nodeId, fl.alone() ? sent : null);
                }
            }
            if (forPoller) {
                f.signalPoller();
            }
        } finally {
            f.lock.unlock();
        }
    }

    /**
     * Under the lock: one partition's answer ({@code alone}: what it was fetched with, when fetched by itself).
     * Returns whether the poller has something new.
     */
    private boolean apply(PartitionQueue q, FetchResponse.PartitionData p, long now, FetchResponse resp,
                          int nodeId, FetchSession.Wanted alone) {
        Errors e = Errors.forCode(p.errorCode());
        if (alone != null) {
            q.fetchAlone = false; // set again below if it still did not come whole
        }
        if (e != Errors.NONE && q.readReplica == nodeId) {
            // A follower we were sent to failed us (it lags, moved, or went): back to the leader, which decides
            // again. Its OFFSET_OUT_OF_RANGE is not a reason to reset: the leader may well have the offset.
            log.debug("consumer {}: read replica {} answered {} for {}; fetching from the leader", f.clientId, nodeId,
                    e, q.partition);
            q.readReplica = -1;
            return false;
        }
        if (e == Errors.NONE && p.preferredReadReplica() >= 0 && p.preferredReadReplica() != nodeId) {
            // KIP-392: the leader names a replica in our rack (client.rack); fetch from it for a while
            if (q.readReplica != p.preferredReadReplica()) {
                log.debug("consumer {}: fetching {} from replica {} as the leader suggests", f.clientId, q.partition,
                        p.preferredReadReplica());
            }
            q.readReplica = p.preferredReadReplica();
            q.readReplicaUntilNanos = now + f.readReplicaNanos;
        }
        FetchResponse.EpochEndOffset diverging = p.divergingEpoch();
        if (e == Errors.NONE && diverging != null && diverging.epoch() >= 0 && diverging.endOffset() >= 0) {
            // KIP-320: the leader's log no longer holds what we fetched last (an unclean election truncated it);
            // the poller resets to where the logs agree, or raises LogTruncationException (auto.offset.reset=none)
            q.truncatedTo = Math.min(diverging.endOffset(), q.fetchPosition);
            return true;
        }
        if (e == Errors.NONE) {
            q.highWatermark = p.highWatermark();
            q.logStartOffset = p.logStartOffset();
            q.lastStableOffset = p.lastStableOffset();
            ByteBuf records = p.records();
            if (records == null || !records.isReadable()) {
                return false;
            }
            BatchScan scan = BatchScan.scan(records, q.fetchPosition, Math.max(1, f.maxQueuedRecords - q.records));
            if (scan.keepBytes() == 0 && scan.largestBatch() <= q.largestBatch) {
                q.retryAtNanos = now + f.retryBackoffNanos; // no whole batch even at the batch's size: do not spin
            }
            q.largestBatch = Math.max(q.largestBatch, scan.largestBatch());
            if (scan.records() > 0) {
                q.bytesPerRecord = Math.max(1, scan.keepBytes() / scan.records());
            }
            QueuedFetch data;
            if (scan.keepBytes() == 0 && scan.largestBatch() > records.readableBytes()) {
                // Only the start of the first batch: fetched again by itself, with the limit raised to its size
                q.fetchAlone = true;
                if (alone != null && alone.maxBytes() >= Math.min(f.fetchMaxBytes, scan.largestBatch())) {
                    // ... which is what this fetch was, and still it came cut: no way past it from here
                    q.error = new dev.kurier.client.consumer.RecordBatchTooLargeException(q.partition,
                            q.fetchPosition, scan.largestBatch(), records.readableBytes(), f.fetchMaxBytes);
                    return true;
                }
                return false;
            } else if (scan.keepBytes() == 0) {
                // Nothing whole: a damaged batch (the poller reports it) or one partial batch. Not refetched until
                // the poller is through with it.
                data = new QueuedFetch(new FetchedRecords(q.partition, records.retain(), q.fetchPosition, f.checkCrcs,
                        p.abortedTransactions(), f.maxDecompressedBytes), 0, records.readableBytes(), q.fetchPosition);
                q.stalled = true;
            } else {
                data = new QueuedFetch(new FetchedRecords(q.partition,
                        records.retainedSlice(records.readerIndex(), scan.keepBytes()), q.fetchPosition, f.checkCrcs,
                        p.abortedTransactions(), f.maxDecompressedBytes), scan.records(), scan.keepBytes(), scan.nextOffset());
                q.fetchPosition = scan.nextOffset();
                if (scan.lastEpoch() >= 0) {
                    q.lastFetchedEpoch = scan.lastEpoch();
                }
            }
            q.chunks.add(data);
            // Last in the next request: a broker fills a response partition by partition, so one that keeps
            // returning data at the front would leave those behind it nothing (kafka-clients rotates the same way)
            f.queues.remove(q.partition);
            f.queues.put(q.partition, q);
            q.records += data.recordCount;
            q.bytes += data.bytes;
            q.peakRecords = Math.max(q.peakRecords, q.records);
            f.totalRecords += data.recordCount;
            f.totalBytes += data.bytes;
            return true;
        }
        if (e == Errors.OFFSET_OUT_OF_RANGE) {
            q.outOfRangeAt = q.fetchPosition; // the poller resets (auto.offset.reset) once the data before is out
            return true;
        }
        if (e.invalidatesMetadata() || e.retriable) {
            log.debug("consumer {}: fetching {} answered {}", f.clientId, q.partition, e);
            // KIP-951: a response that says "not the leader" may name the new one; fetch from it at once
            FetchResponse.LeaderIdAndEpoch leader = p.currentLeader();
            if (leader != null && leader.leaderId() >= 0
                    && f.metadata.leaderMoved(q.partition, leader.leaderId(), leader.leaderEpoch(), nodes(resp))) {
                return false;
            }
            f.metadata.requestUpdate();
            q.retryAtNanos = now + f.retryBackoffNanos;
            return false;
        }
        q.error = e.exception("fetching " + q.partition + " at offset " + q.fetchPosition);
        return true;
    }

    /**
     * The broker to fetch {@code q} from: the read replica the leader named (KIP-392) while it is valid and known,
     * else the leader; null when neither is known.
     */
    private Node fetchFrom(PartitionQueue q, long now) {
        if (q.readReplica >= 0) {
            Node replica = now - q.readReplicaUntilNanos < 0 ? f.metadata.snapshot().node(q.readReplica) : null;
            if (replica != null) {
                return replica;
            }
            q.readReplica = -1; // expired or gone: ask the leader again
        }
        return f.metadata.leader(q.partition);
    }

    /** The brokers a Fetch response names (v16+, with NOT_LEADER_OR_FOLLOWER and FENCED_LEADER_EPOCH errors). */
    private static java.util.List<dev.kurier.client.common.Node> nodes(FetchResponse resp) {
        if (resp.nodeEndpoints() == null || resp.nodeEndpoints().isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<dev.kurier.client.common.Node> out = new java.util.ArrayList<>();
        for (FetchResponse.NodeEndpoint n : resp.nodeEndpoints()) {
            out.add(new dev.kurier.client.common.Node(n.nodeId(), n.host(), n.port(), n.rack()));
        }
        return out;
    }
}
