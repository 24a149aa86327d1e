package dev.kurier.client.consumer.internals;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.ShareConsumer;
import dev.kurier.client.consumer.ShareConsumerMetrics;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.group.ShareGroupMember;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.ShareAcknowledgeRequest;
import dev.kurier.client.protocol.message.ShareAcknowledgeResponse;
import dev.kurier.client.protocol.message.ShareFetchRequest;
import dev.kurier.client.protocol.message.ShareFetchResponse;
import dev.kurier.client.serialization.Deserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kurier's {@link ShareConsumer} (KIP-932): membership by {@link ShareGroupMember}; in {@link #poll}, one ShareFetch
 * per leader of the assigned partitions, in a share session per leader, carrying the acknowledgements made since the
 * last one; records are delivered only within the ranges the broker says this consumer acquired, each with its
 * delivery count. {@link #commitSync} sends the pending acknowledgements with ShareAcknowledge. Fetches run on the
 * polling thread (one round per poll).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KurierShareConsumer<K, V> implements ShareConsumer<K, V> {

    private static final Logger log = LoggerFactory.getLogger(KurierShareConsumer.class);
    /** The share session epoch that closes a session (with ShareAcknowledge at close). */
    private static final int FINAL_EPOCH = -1;

    private final String clientId;
    private final String groupId;
    private final NetworkClient network;
    private final MetadataManager metadata;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final ShareGroupMember member;
    private final boolean explicit;
    private final boolean checkCrcs;
    private final int maxDecompressedBytes;
    private final int maxWaitMs;
    private final int maxBytes;
    private final long retryBackoffNanos;
    private final int maxRecords;
    private final Duration requestTimeout;
    private final Duration defaultApiTimeout;
    private final java.util.function.Consumer<Object> onClose;
    private final AtomicBoolean wakeup = new AtomicBoolean();

    private Set<String> subscription = Set.of();
    /** Share session epoch per leader node id; absent: the next fetch opens a session (epoch 0). */
    private final Map<Integer, Integer> sessions = new HashMap<>();
    private long sessionsForAssignment = -1;
    private final ShareConsumerMetrics metrics = new ShareConsumerMetrics();
    /** The records held and the acknowledgements not sent yet; any thread may acknowledge. */
    private final ShareAcknowledgements acks = new ShareAcknowledgements(metrics);
    private final Map<TopicPartition, Exception> ackErrors = new HashMap<>();
    private final Map<String, UUID> topicIds = new HashMap<>();
    private volatile int lockTimeoutMs = -1;
    private volatile boolean closed;

    /** A share consumer of {@code group.id} over {@code network} (a dedicated part of the client's). */
    public KurierShareConsumer(ClientConfig clientConfig, ConsumerConfig config, NetworkClient network,
                               MetadataManager metadata, Deserializer<K> keyDeserializer,
                               Deserializer<V> valueDeserializer, java.util.function.Consumer<Object> onClose) {
        this.groupId = config.get(ConsumerConfig.GROUP_ID);
        if (groupId == null || groupId.isEmpty()) {
            throw new dev.kurier.client.config.ConfigException("group.id", "is required for a share consumer: it names"
                    + " the share group");
        }
        this.clientId = clientConfig.clientId();
        this.network = network;
        this.metadata = metadata;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.onClose = onClose;
        this.explicit = "explicit".equals(config.get(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE));
        this.checkCrcs = config.get(ConsumerConfig.CHECK_CRCS);
        this.maxDecompressedBytes = config.get(ConsumerConfig.MAX_DECOMPRESSED_BATCH_BYTES);
        this.maxWaitMs = (int) config.get(ConsumerConfig.FETCH_MAX_WAIT_MS).toMillis();
        this.maxBytes = config.get(ConsumerConfig.FETCH_MAX_BYTES);
        this.retryBackoffNanos = clientConfig.get(ClientConfig.RETRY_BACKOFF_MS).toNanos();
        this.maxRecords = config.get(ConsumerConfig.MAX_POLL_RECORDS);
        this.requestTimeout = clientConfig.get(ClientConfig.REQUEST_TIMEOUT_MS);
        this.defaultApiTimeout = config.get(ConsumerConfig.DEFAULT_API_TIMEOUT_MS);
        String rack = config.get(ConsumerConfig.CLIENT_RACK);
        this.member = new ShareGroupMember(groupId, clientId, rack == null || rack.isEmpty() ? null : rack,
                requestTimeout, clientConfig.get(ClientConfig.RETRY_BACKOFF_MS),
                config.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS), network, metadata);
        log.info("share consumer {} created for group {} ({} acknowledgement)", clientId, groupId,
                explicit ? "explicit" : "implicit");
    }

    @Override
    public void subscribe(java.util.Collection<String> topics) {
        ensureOpen();
        subscription = Set.copyOf(new LinkedHashSet<>(topics));
        metadata.track(subscription);
        member.subscribe(List.copyOf(subscription));
    }

    @Override
    public Set<String> subscription() {
        return subscription;
    }

    @Override
    public void unsubscribe() {
        ensureOpen();
        commitSync();
        member.leave(defaultApiTimeout);
        subscription = Set.of();
        sessions.clear();
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        ensureOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        acks.nextPoll(!explicit, System.nanoTime());
        do {
            checkWakeup();
            member.throwIfFatal();
            Map<TopicPartition, List<ConsumerRecord<K, V>>> out = fetchRound(deadline);
            if (!out.isEmpty()) {
                return new ConsumerRecords<>(out);
            }
        } while (System.nanoTime() - deadline < 0);
        return ConsumerRecords.empty();
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

    private Map<TopicPartition, List<ConsumerRecord<K, V>>> fetchRound(long deadline) {
        Map<Node, List<TopicPartition>> byLeader = partitionsByLeader();
        if (byLeader.isEmpty()) {
            waitUntil(Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)));
            return Map.of();
        }
        int wait = (int) Math.max(0, Math.min(maxWaitMs, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        Map<Node, CompletableFuture<ShareFetchResponse>> inFlight = new LinkedHashMap<>();
        Map<Node, Map<TopicPartition, TreeMap<Long, AcknowledgeType>>> sentAcks = new HashMap<>();
        long sentAt = System.nanoTime(); // the locks start when the broker acquires, after this
        for (Map.Entry<Node, List<TopicPartition>> e : byLeader.entrySet()) {
            Node leader = e.getKey();
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
            List<ShareFetchRequest.FetchTopic> fetchTopics = new ArrayList<>();
            topics.forEach((id, parts) -> fetchTopics.add(new ShareFetchRequest.FetchTopic(id, parts)));
            ShareFetchRequest request = ShareFetchRequest.builder().groupId(groupId).memberId(member.memberId())
                    .shareSessionEpoch(epoch).maxWaitMs(wait).minBytes(1).maxBytes(maxBytes).maxRecords(maxRecords)
                    .batchSize(maxRecords).topics(fetchTopics).forgottenTopicsData(List.of()).build();
            sentAcks.put(leader, piggybacked);
            inFlight.put(leader, send(leader, request));
        }
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        RuntimeException failure = null; // raised once every response is released
        for (Map.Entry<Node, CompletableFuture<ShareFetchResponse>> e : inFlight.entrySet()) {
            Node leader = e.getKey();
            ShareFetchResponse resp;
            try {
                resp = e.getValue().get(requestTimeout.toMillis() + wait, TimeUnit.MILLISECONDS);
            } catch (Exception sendFailure) {
                e.getValue().thenAccept(ShareFetchResponse::release); // an answer arriving after all is let go
                log.debug("share consumer {}: ShareFetch to {} failed: {}", clientId, leader, sendFailure.toString());
                sessions.remove(leader.id());
                sentAcks.get(leader).forEach(acks::restore);
                metadata.requestUpdate();
                waitUntil(Math.min(deadline, System.nanoTime() + retryBackoffNanos)); // not in a tight loop
                continue;
            }
            try {
                if (failure == null) {
                    handle(leader, resp, sentAcks.get(leader), sentAt, out);
                }
            } catch (RuntimeException ex) {
                failure = ex; // what it acquired and did not hand out goes to another consumer when the lock expires
            } finally {
                resp.release();
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    private CompletableFuture<ShareFetchResponse> send(Node leader, ShareFetchRequest request) {
        try {
            return network.connection(new Endpoint(leader.host(), leader.port())).send(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void handle(Node leader, ShareFetchResponse resp, Map<TopicPartition, TreeMap<Long, AcknowledgeType>> sent,
                        long sentAt, Map<TopicPartition, List<ConsumerRecord<K, V>>> out) {
        Errors top = Errors.forCode(resp.errorCode());
        if (top != Errors.NONE) {
            log.debug("share consumer {}: ShareFetch to {} answered {}", clientId, leader, top);
            sessions.remove(leader.id()); // SHARE_SESSION_NOT_FOUND, INVALID_SHARE_SESSION_EPOCH, ...: a new session
            if (top == Errors.GROUP_AUTHORIZATION_FAILED || top == Errors.UNSUPPORTED_VERSION) {
                throw top.exception("share consumer " + clientId + ": ShareFetch for group " + groupId);
            }
            return;
        }
        int epoch = sessions.getOrDefault(leader.id(), 0);
        sessions.put(leader.id(), epoch == Integer.MAX_VALUE ? 1 : epoch + 1);
        if (resp.acquisitionLockTimeoutMs() > 0) {
            lockTimeoutMs = resp.acquisitionLockTimeoutMs();
        }
        for (ShareFetchResponse.ShareFetchableTopicResponse t : resp.responses()) {
            String topic = metadata.snapshot().topicName(t.topicId());
            if (topic == null) {
                continue;
            }
            for (ShareFetchResponse.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(topic, p.partitionIndex());
                Errors ackError = Errors.forCode(p.acknowledgeErrorCode());
                if (ackError != Errors.NONE) {
                    if (ackError == Errors.INVALID_RECORD_STATE) {
                        acks.refusedAsExpired(sent.get(tp)); // the locks had run out: the records went elsewhere
                    }
                    Exception ex = ackError.exception("acknowledging records of " + tp + " in share group " + groupId);
                    ackErrors.put(tp, ex);
                    log.warn("share consumer {}: {}", clientId, ex.getMessage());
                }
                Errors e = Errors.forCode(p.errorCode());
                if (e != Errors.NONE) {
                    log.debug("share consumer {}: fetching {} answered {}", clientId, tp, e);
                    metadata.requestUpdate();
                    continue;
                }
                if (p.records() == null || !p.records().isReadable() || p.acquiredRecords().isEmpty()) {
                    continue;
                }
                decode(tp, p, sentAt + TimeUnit.MILLISECONDS.toNanos(Math.max(0, lockTimeoutMs)), out);
            }
        }
    }

    /** The records of {@code p} in the ranges this consumer acquired, with their delivery counts. */
    private void decode(TopicPartition tp, ShareFetchResponse.PartitionData p, long lockDeadline,
                        Map<TopicPartition, List<ConsumerRecord<K, V>>> out) {
        List<ShareFetchResponse.AcquiredRecords> acquired = p.acquiredRecords();
        long first = acquired.stream().mapToLong(ShareFetchResponse.AcquiredRecords::firstOffset).min().orElse(0);
        FetchedRecords data = new FetchedRecords(tp, p.records().retain(), first, checkCrcs, null, maxDecompressedBytes);
        try {
            ConsumerRecord<K, V> r;
            while ((r = data.next(keyDeserializer, valueDeserializer)) != null) {
                for (ShareFetchResponse.AcquiredRecords a : acquired) {
                    if (r.offset() >= a.firstOffset() && r.offset() <= a.lastOffset()) {
                        out.computeIfAbsent(tp, k -> new ArrayList<>()).add(r);
                        acks.delivered(tp, r.offset(), a.deliveryCount(), lockDeadline);
                        break;
                    }
                }
            }
        } finally {
            data.close();
        }
    }

    @Override
    public void acknowledge(ConsumerRecord<K, V> record, AcknowledgeType type) {
        ensureOpen();
        acks.acknowledge(record.topicPartition(), record.offset(), type, clientId);
    }

    @Override
    public int deliveryCount(ConsumerRecord<K, V> record) {
        int n = acks.deliveryCount(record.topicPartition(), record.offset());
        if (n < 0) {
            throw new IllegalStateException("share consumer " + clientId + ": " + record.topicPartition() + "@"
                    + record.offset() + " was not delivered by the last poll");
        }
        return n;
    }

    @Override
    public Map<TopicPartition, Exception> commitSync() {
        return commitSync(defaultApiTimeout);
    }

    @Override
    public Map<TopicPartition, Exception> commitSync(Duration timeout) {
        ensureOpen();
        acks.nextPoll(!explicit, System.nanoTime());
        return acknowledgeNow(timeout, false);
    }

    /** Sends every pending acknowledgement with ShareAcknowledge ({@code closing}: ending each session). */
    private Map<TopicPartition, Exception> acknowledgeNow(Duration timeout, boolean closing) {
        Map<TopicPartition, Exception> result = new HashMap<>(ackErrors);
        ackErrors.clear();
        Map<Node, Map<TopicPartition, TreeMap<Long, AcknowledgeType>>> byLeader = new LinkedHashMap<>();
        acks.takeAll().forEach((tp, a) -> {
            Node leader = metadata.leader(tp);
            if (leader == null || !sessions.containsKey(leader.id())) {
                result.put(tp, new KurierException("no share session with the leader of " + tp
                        + ": the acknowledgements were not sent; the records are delivered again after the lock"));
                return;
            }
            byLeader.computeIfAbsent(leader, n -> new HashMap<>()).put(tp, a);
        });
        if (closing) {
            for (Integer id : sessions.keySet()) {
                dev.kurier.client.common.Node n = metadata.snapshot().node(id);
                if (n != null) {
                    byLeader.putIfAbsent(n, new HashMap<>());
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Node, CompletableFuture<ShareAcknowledgeResponse>> sent = new LinkedHashMap<>();
        byLeader.forEach((leader, sending) -> {
            int epoch = closing ? FINAL_EPOCH : sessions.getOrDefault(leader.id(), 0);
            Map<UUID, List<ShareAcknowledgeRequest.AcknowledgePartition>> topics = new LinkedHashMap<>();
            sending.forEach((tp, a) -> topics.computeIfAbsent(topicIds.get(tp.topic()), k -> new ArrayList<>()).add(
                    new ShareAcknowledgeRequest.AcknowledgePartition(tp.partition(),
                            ShareAcknowledgements.batches(a, ShareAcknowledgeRequest.AcknowledgementBatch::new))));
            List<ShareAcknowledgeRequest.AcknowledgeTopic> list = new ArrayList<>();
            topics.forEach((id, parts) -> list.add(new ShareAcknowledgeRequest.AcknowledgeTopic(id, parts)));
            ShareAcknowledgeRequest request = ShareAcknowledgeRequest.builder().groupId(groupId)
                    .memberId(member.memberId()).shareSessionEpoch(epoch).topics(list).build();
            if (!closing) {
                sessions.put(leader.id(), epoch == Integer.MAX_VALUE ? 1 : epoch + 1);
            }
            try {
                sent.put(leader, network.connection(new Endpoint(leader.host(), leader.port())).send(request));
            } catch (RuntimeException e) {
                sent.put(leader, CompletableFuture.failedFuture(e));
            }
        });
        sent.forEach((leader, f) -> {
            try {
                ShareAcknowledgeResponse resp = f.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(
                        deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
                for (ShareAcknowledgeResponse.ShareAcknowledgeTopicResponse t : resp.responses()) {
                    String topic = metadata.snapshot().topicName(t.topicId());
                    for (ShareAcknowledgeResponse.PartitionData p : t.partitions()) {
                        Errors e = Errors.forCode(p.errorCode());
                        if (e != Errors.NONE && topic != null) {
                            TopicPartition tp = new TopicPartition(topic, p.partitionIndex());
                            if (e == Errors.INVALID_RECORD_STATE) {
                                acks.refusedAsExpired(byLeader.get(leader).get(tp));
                            }
                            result.put(tp, e.exception("acknowledging records of " + tp + " in share group "
                                    + groupId));
                        }
                    }
                }
                if (resp.errorCode() != 0) {
                    sessions.remove(leader.id());
                }
            } catch (Exception e) {
                sessions.remove(leader.id());
                byLeader.get(leader).keySet().forEach(tp -> result.put(tp, e instanceof KurierException k ? k
                        : new KurierException("acknowledging records of " + tp + " failed: " + e, e)));
            }
        });
        return result;
    }

    @Override
    public ShareConsumerMetrics metrics() {
        return metrics;
    }

    @Override
    public int acquisitionLockTimeoutMs() {
        return lockTimeoutMs;
    }

    @Override
    public void wakeup() {
        wakeup.set(true);
    }

    private void checkWakeup() {
        if (wakeup.getAndSet(false)) {
            throw new WakeupException();
        }
    }

    private void waitUntil(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(this, left);
        }
    }

    @Override
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        try {
            acks.nextPoll(!explicit, System.nanoTime());
            if (!sessions.isEmpty() || acks.hasPending()) {
                Map<TopicPartition, Exception> failed = acknowledgeNow(timeout, true);
                if (!failed.isEmpty()) {
                    log.warn("share consumer {}: acknowledgements at close failed for {}", clientId, failed.keySet());
                }
            }
            member.leave(timeout);
        } finally {
            closed = true;
            member.close();
            network.close();
            onClose.accept(this);
            log.info("share consumer {} of group {} closed", clientId, groupId);
        }
    }

    @Override
    public void close() {
        close(defaultApiTimeout);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("share consumer " + clientId + " is closed");
        }
    }
}
