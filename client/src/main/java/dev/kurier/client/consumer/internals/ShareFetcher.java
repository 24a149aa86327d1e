package dev.kurier.client.consumer.internals;

import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.config.ConfigException;
import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ShareConsumerMetrics;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.group.ShareGroupMember;
import dev.kurier.client.network.BrokerConnection;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.ShareFetchRequest;
import dev.kurier.client.protocol.message.ShareFetchResponse;
import dev.kurier.client.serialization.Deserializer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A share consumer's fetcher thread (KIP-932): it owns the share sessions, one per leader, and is the only thread that
 * talks ShareFetch and, through its {@link ShareAcknowledger}, ShareAcknowledge. It fetches while a {@code poll} waits for records (as kafka-clients does, so
 * acquisition locks do not run down in a buffer while the application is busy) and keeps at most one fetched round
 * for the next poll (the bounded queue); between fetches it sends the acknowledgements other threads made at once,
 * renewals first. A failure is handed to the next poll and the thread carries on; an {@link Error} ends it and every
 * later poll says so.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class ShareFetcher<K, V> {

    private static final Logger log = LoggerFactory.getLogger(ShareFetcher.class);
    private static final byte RECORD_LIMIT = 1;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** A record fetched and not handed out yet, with what its acknowledgement bookkeeping needs. */
    record Fetched<K, V>(ConsumerRecord<K, V> record, short deliveryCount, long lockDeadlineNanos) {
    }

    /** What the fetcher needs of the consumer's configuration. */
    record Settings(String clientId, String groupId, boolean recordLimit, boolean checkCrcs, int maxDecompressedBytes,
                    int maxWaitMs, int maxBytes, int maxRecords, long retryBackoffNanos, Duration requestTimeout) {
    }

    private final Settings settings;
    private final NetworkClient network;
    private final MetadataManager metadata;
    private final ShareGroupMember member;
    private final ShareAcknowledgements acks;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final Thread thread;

    // The fetcher thread's own state.
    /** Share session epoch per leader node id; absent: the next request opens a session (epoch 0). */
    private final Map<Integer, Integer> sessions = new HashMap<>();
    private long sessionsForAssignment = -1;
    private final Map<String, UUID> topicIds = new HashMap<>();
    /** record_limit: which leader's turn it is to fetch (one leader per round keeps a poll within max.poll.records). */
    private int turn;

    // Shared with the polling thread, guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** At most one round fetched ahead of the poll that takes it. */
    private List<Fetched<K, V>> ready;
    private boolean wanted;
    private boolean signalled;
    private final ArrayDeque<Runnable> commands = new ArrayDeque<>();
    private RuntimeException failure;
    private Throwable died;
    private boolean stopped;

    /** Sends the acknowledgements in this fetcher's sessions (fetcher thread). */
    private final ShareAcknowledger acknowledger;
    private volatile int lockTimeoutMs = -1;
    /** The last failure logged at WARN (fetcher thread). */
    private String lastFailure;

    ShareFetcher(Settings settings, NetworkClient network, MetadataManager metadata, ShareGroupMember member,
                 ShareConsumerMetrics metrics, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.settings = settings;
        this.network = network;
        this.metadata = metadata;
        this.member = member;
        this.acks = new ShareAcknowledgements(metrics, this::signal); // an acknowledgement wakes this thread to send it
        this.acknowledger = new ShareAcknowledger(settings, network, metadata, member, acks, sessions, topicIds,
                () -> lockTimeoutMs);
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.thread = new Thread(this::run, "kurier-share-fetcher-" + settings.clientId());
        this.thread.setDaemon(true);
    }

    /** The records held and acknowledgements pending, which this fetcher sends. */
    ShareAcknowledgements acknowledgements() {
        return acks;
    }

    void start() {
        thread.start();
    }

    /** Wakes the fetcher (an acknowledgement is pending) and any waiting poll (a wakeup). */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The broker's acquisition lock time, -1 before the first fetch. */
    int lockTimeoutMs() {
        return lockTimeoutMs;
    }

    /**
     * The next fetched round, waiting until {@code deadlineNanos} (empty when none came); raises a failure of the
     * fetcher thread once, after handing out what it had fetched.
     *
     * @param woken checked while waiting: true makes this return at once with what there is
     */
    List<Fetched<K, V>> take(long deadlineNanos, Supplier<Boolean> woken) throws InterruptedException {
        lock.lock();
        try {
            wanted = true;
            changed.signalAll();
            while (ready == null && failure == null && died == null && !woken.get()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            wanted = false;
            List<Fetched<K, V>> out = ready;
            ready = null;
            if (out != null) {
                changed.signalAll(); // room for the next round
                return out;
            }
            if (died != null) {
                throw new KurierException("share consumer " + settings.clientId() + ": its fetcher thread died: "
                        + died, died);
            }
            if (failure != null) {
                RuntimeException f = failure;
                failure = null;
                throw f;
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends every pending acknowledgement now (with {@code closing}, ending every share session, which gives back
     * what this consumer acquired and did not acknowledge) and waits up to {@code timeout}; per partition, the error
     * the broker gave, including those of earlier background sends.
     */
    Map<TopicPartition, Exception> commit(Duration timeout, boolean closing) {
        CompletableFuture<Map<TopicPartition, Exception>> done = commitAsync(timeout, closing);
        try {
            // the command itself is bounded by timeout; the margin covers a fetch round it waits behind
            return done.get(timeout.toMillis() + settings.maxWaitMs() + settings.requestTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KurierException("interrupted while committing acknowledgements", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new KurierException(e.getCause().toString(),
                    e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new KurierException("share consumer " + settings.clientId()
                    + ": acknowledgements not sent within " + timeout.toMillis() + " ms", e);
        }
    }

    /** {@link #commit} without waiting: completes on the fetcher thread. */
    CompletableFuture<Map<TopicPartition, Exception>> commitAsync(Duration timeout, boolean closing) {
        CompletableFuture<Map<TopicPartition, Exception>> done = new CompletableFuture<>();
        submit(() -> {
            try {
                done.complete(acknowledger.acknowledgeNow(timeout, closing));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Forgets the sessions and what was fetched (the member left the group, so the broker took it back). */
    void reset() {
        submit(() -> {
            sessions.clear();
            lock.lock();
            try {
                ready = null;
            } finally {
                lock.unlock();
            }
        });
    }

    /** Stops the thread after what is queued (the closing commit) and waits for it, up to {@code timeout}. */
    void stop(Duration timeout) {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Runnable command) {
        lock.lock();
        try {
            if (died != null || !thread.isAlive() && thread.getState() != Thread.State.NEW) {
                command.run(); // no fetcher thread to run it: the caller does (sessions are gone with it)
                return;
            }
            commands.add(command);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        log.debug("share consumer {}: fetcher thread started", settings.clientId());
        while (true) {
            Runnable command;
            boolean fetch;
            lock.lock();
            try {
                command = commands.poll();
                if (command == null && stopped) {
                    break;
                }
                fetch = wanted && ready == null;
            } finally {
                lock.unlock();
            }
            try {
                if (command != null) {
                    command.run();
                } else if (acks.hasPendingRenewal() && acknowledger.sendPending()) {
                    continue; // a lock is running out: before any fetch
                } else if (fetch) {
                    fetchRound();
                    lastFailure = null; // a round went through: the next failure is news
                } else if (!acks.hasPending() || !acknowledger.sendPending()) {
                    idle(IDLE_NANOS, true);
                }
            } catch (RuntimeException e) {
                String what = e.toString();
                if (!what.equals(lastFailure)) { // once per kind of failure, not every round it repeats
                    log.warn("share consumer {}: fetching failed ({}); the next poll raises it", settings.clientId(),
                            what);
                    lastFailure = what;
                } else {
                    log.debug("share consumer {}: fetching failed again ({})", settings.clientId(), what);
                }
                sessions.clear();
                lock.lock();
                try {
                    failure = e;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                idle(settings.retryBackoffNanos(), false);
            } catch (Error e) {
                log.error("share consumer {}: fetcher thread died", settings.clientId(), e);
                lock.lock();
                try {
                    died = e;
                    commands.forEach(Runnable::run); // on this thread, before it ends: nothing waits forever
                    commands.clear();
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                return;
            }
        }
        log.debug("share consumer {}: fetcher thread stopped", settings.clientId());
    }

    /**
     * Waits up to {@code nanos} for a signal or a command, and with {@code untilPolled} for a poll wanting records
     * (a back-off does not end for a poll).
     */
    private void idle(long nanos, boolean untilPolled) {
        lock.lock();
        try {
            long left = nanos;
            while (!signalled && commands.isEmpty() && !stopped && left > 0 && !(untilPolled && wanted && ready == null)) {
                left = changed.awaitNanos(left);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** The assigned partitions by leader; partitions whose topic or leader is not known yet are left for later. */
    private Map<Node, List<TopicPartition>> partitionsByLeader() {
        Map<Node, List<TopicPartition>> out = new LinkedHashMap<>();
        long version = member.assignmentVersion();
        if (version != sessionsForAssignment) {
            sessions.clear(); // the assignment moved: new sessions, with the partitions this member has now
            sessionsForAssignment = version;
        }
        member.assignment().forEach((id, parts) -> {
            String topic = metadata.snapshot().topicName(id);
            if (topic == null) {
                metadata.requestUpdate();
                return;
            }
            topicIds.put(topic, id);
            for (int p : parts) {
                TopicPartition tp = new TopicPartition(topic, p);
                Node leader = metadata.leader(tp);
                if (leader == null) {
                    metadata.requestUpdate();
                    continue;
                }
                out.computeIfAbsent(leader, n -> new ArrayList<>()).add(tp);
            }
        });
        return out;
    }

    /**
     * One ShareFetch per leader, carrying the acknowledgements made since; the records acquired become the ready
     * round. With {@code share.acquire.mode=record_limit} one leader fetches per round and the others only take
     * acknowledgements.
     */
    private void fetchRound() {
        Map<Node, List<TopicPartition>> byLeader = partitionsByLeader();
        if (byLeader.isEmpty()) {
            idle(IDLE_NANOS, false); // nothing assigned yet
            return;
        }
        List<Node> leaders = new ArrayList<>(byLeader.keySet());
        Node fetching = leaders.get(Math.floorMod(turn++, leaders.size()));
        Map<Node, CompletableFuture<ShareFetchResponse>> inFlight = new LinkedHashMap<>();
        Map<Node, Map<TopicPartition, TreeMap<Long, AcknowledgeType>>> sentAcks = new HashMap<>();
        long sentAt = System.nanoTime(); // the locks start when the broker acquires, after this
        for (Map.Entry<Node, List<TopicPartition>> e : byLeader.entrySet()) {
            Node leader = e.getKey();
            boolean fetchHere = !settings.recordLimit() || leader.equals(fetching);
            int epoch = sessions.getOrDefault(leader.id(), 0);
            Map<UUID, List<ShareFetchRequest.FetchPartition>> topics = new LinkedHashMap<>();
            Map<TopicPartition, TreeMap<Long, AcknowledgeType>> piggybacked = new HashMap<>();
            for (TopicPartition tp : e.getValue()) {
                TreeMap<Long, AcknowledgeType> a = epoch == 0 ? null : acks.take(tp);
                if (a != null) {
                    piggybacked.put(tp, a);
                }
                topics.computeIfAbsent(topicIds.get(tp.topic()), k -> new ArrayList<>()).add(
                        new ShareFetchRequest.FetchPartition(tp.partition(), 0, // v0 only; v1 fetches by maxBytes
                                a == null ? List.of()
                                        : ShareAcknowledgements.batches(a, ShareFetchRequest.AcknowledgementBatch::new)));
            }
            if (!fetchHere && piggybacked.isEmpty() && epoch != 0) {
                continue; // record_limit: not this leader's turn and nothing to tell it
            }
            List<ShareFetchRequest.FetchTopic> fetchTopics = new ArrayList<>();
            topics.forEach((id, parts) -> fetchTopics.add(new ShareFetchRequest.FetchTopic(id, parts)));
            ShareFetchRequest.Builder request = ShareFetchRequest.builder().groupId(settings.groupId())
                    .memberId(member.memberId()).shareSessionEpoch(epoch).topics(fetchTopics)
                    .forgottenTopicsData(List.of());
            if (fetchHere) {
                request.maxWaitMs(settings.maxWaitMs()).minBytes(1).maxBytes(settings.maxBytes())
                        .maxRecords(settings.maxRecords()).batchSize(settings.maxRecords());
            } else { // acknowledgements (and the session) only: nothing acquired, no waiting
                request.maxWaitMs(0).minBytes(0).maxBytes(0).maxRecords(0).batchSize(0);
            }
            if (settings.recordLimit()) {
                request.shareAcquireMode(RECORD_LIMIT);
            }
            sentAcks.put(leader, piggybacked);
            inFlight.put(leader, send(leader, request.build(), settings.recordLimit()));
        }
        List<Fetched<K, V>> out = new ArrayList<>();
        boolean unanswered = false;
        RuntimeException failed = null; // raised once every response is released
        for (Map.Entry<Node, CompletableFuture<ShareFetchResponse>> e : inFlight.entrySet()) {
            Node leader = e.getKey();
            ShareFetchResponse resp;
            try {
                resp = e.getValue().get(settings.requestTimeout().toMillis() + settings.maxWaitMs(),
                        TimeUnit.MILLISECONDS);
            } catch (Exception sendFailure) {
                e.getValue().thenAccept(ShareFetchResponse::release); // an answer arriving after all is let go
                Throwable cause = sendFailure instanceof java.util.concurrent.ExecutionException x ? x.getCause()
                        : sendFailure;
                if (cause instanceof ConfigException config && failed == null) {
                    failed = config;
                }
                log.debug("share consumer {}: ShareFetch to {} failed: {}", settings.clientId(), leader,
                        cause.toString());
                sessions.remove(leader.id());
                sentAcks.get(leader).forEach(acks::restore);
                metadata.requestUpdate();
                unanswered = true;
                continue;
            }
            try {
                if (failed == null) {
                    handle(leader, resp, sentAcks.get(leader), sentAt, out);
                }
            } catch (RuntimeException ex) {
                failed = ex; // what it acquired and did not hand out goes to another consumer when the lock expires
            } finally {
                resp.release();
            }
        }
        if (!out.isEmpty()) {
            lock.lock();
            try {
                ready = out;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        if (failed != null) {
            throw failed;
        }
        if (unanswered && out.isEmpty()) {
            idle(settings.retryBackoffNanos(), false); // a leader did not answer: not in a tight loop
        }
    }

    /**
     * Sends {@code request} to {@code leader}; with {@code needsV2} (record_limit) a broker that speaks ShareFetch
     * v1 only (Kafka 4.1) is refused with an error naming the key, as it would silently fetch whole batches.
     */
    private CompletableFuture<ShareFetchResponse> send(Node leader, ShareFetchRequest request, boolean needsV2) {
        try {
            BrokerConnection c = network.connection(new Endpoint(leader.host(), leader.port()));
            if (!needsV2) {
                return c.send(request);
            }
            return c.apiVersions().thenCompose(versions -> {
                if (versions.brokerMaxVersion(ApiKey.SHARE_FETCH) < 2) {
                    throw new ConfigException("share.acquire.mode", "record_limit needs Kafka 4.2 or newer (ShareFetch"
                            + " v2); broker " + leader.host() + ":" + leader.port() + " speaks ShareFetch v"
                            + versions.brokerMaxVersion(ApiKey.SHARE_FETCH) + "; use batch_optimized");
                }
                return c.send(request);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void handle(Node leader, ShareFetchResponse resp, Map<TopicPartition, TreeMap<Long, AcknowledgeType>> sent,
                        long sentAt, List<Fetched<K, V>> out) {
        Errors top = Errors.forCode(resp.errorCode());
        if (top != Errors.NONE) {
            log.debug("share consumer {}: ShareFetch to {} answered {}", settings.clientId(), leader, top);
            sessions.remove(leader.id()); // SHARE_SESSION_NOT_FOUND, INVALID_SHARE_SESSION_EPOCH, ...: a new session
            sent.forEach(acks::restore);
            if (top == Errors.GROUP_AUTHORIZATION_FAILED || top == Errors.UNSUPPORTED_VERSION) {
                throw top.exception("share consumer " + settings.clientId() + ": ShareFetch for group "
                        + settings.groupId());
            }
            return;
        }
        int epoch = sessions.getOrDefault(leader.id(), 0);
        sessions.put(leader.id(), epoch == Integer.MAX_VALUE ? 1 : epoch + 1);
        if (resp.acquisitionLockTimeoutMs() > 0) {
            lockTimeoutMs = resp.acquisitionLockTimeoutMs();
        }
        long lockDeadline = sentAt + TimeUnit.MILLISECONDS.toNanos(Math.max(0, lockTimeoutMs));
        for (ShareFetchResponse.ShareFetchableTopicResponse t : resp.responses()) {
            String topic = metadata.snapshot().topicName(t.topicId());
            if (topic == null) {
                continue;
            }
            for (ShareFetchResponse.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(topic, p.partitionIndex());
                Errors ackError = Errors.forCode(p.acknowledgeErrorCode());
                if (ackError != Errors.NONE) {
                    acknowledger.failed(tp, ackError, sent.get(tp));
                }
                Errors e = Errors.forCode(p.errorCode());
                if (e != Errors.NONE) {
                    log.debug("share consumer {}: fetching {} answered {}", settings.clientId(), tp, e);
                    metadata.requestUpdate();
                    continue;
                }
                if (p.records() == null || !p.records().isReadable() || p.acquiredRecords().isEmpty()) {
                    continue;
                }
                decode(tp, p, lockDeadline, out);
            }
        }
    }

    /** The records of {@code p} in the ranges this consumer acquired, with their delivery counts. */
    private void decode(TopicPartition tp, ShareFetchResponse.PartitionData p, long lockDeadline,
                        List<Fetched<K, V>> out) {
        List<ShareFetchResponse.AcquiredRecords> acquired = p.acquiredRecords();
        long first = acquired.stream().mapToLong(ShareFetchResponse.AcquiredRecords::firstOffset).min().orElse(0);
        FetchedRecords data = new FetchedRecords(tp, p.records().retain(), first, settings.checkCrcs(), null,
                settings.maxDecompressedBytes());
        try {
            ConsumerRecord<K, V> r;
            while ((r = data.next(keyDeserializer, valueDeserializer)) != null) {
                for (ShareFetchResponse.AcquiredRecords a : acquired) {
                    if (r.offset() >= a.firstOffset() && r.offset() <= a.lastOffset()) {
                        out.add(new Fetched<>(r, a.deliveryCount(), lockDeadline));
                        break;
                    }
                }
            }
        } finally {
            data.close();
        }
    }

}
