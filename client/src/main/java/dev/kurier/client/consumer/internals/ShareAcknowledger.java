package dev.kurier.client.consumer.internals;

import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.group.ShareGroupMember;
import dev.kurier.client.network.ApiVersionTable;
import dev.kurier.client.network.BrokerConnection;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.UnsupportedVersionException;
import dev.kurier.client.protocol.message.ShareAcknowledgeRequest;
import dev.kurier.client.protocol.message.ShareAcknowledgeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ShareAcknowledge side of a share consumer's {@link ShareFetcher} (its thread only): sends what
 * {@link ShareAcknowledgements} holds pending, in the leaders' share sessions the fetcher opened, renewals with
 * {@code IsRenewAck}; moves renewed records' lock deadlines on the broker's word; and keeps the errors, of its own
 * sends and of acknowledgements that rode on fetches, for the next commit.
 */
final class ShareAcknowledger {

    private static final Logger log = LoggerFactory.getLogger(ShareAcknowledger.class);
    /** The share session epoch that closes a session. */
    private static final int FINAL_EPOCH = -1;

    private final ShareFetcher.Settings settings;
    private final NetworkClient network;
    private final MetadataManager metadata;
    private final ShareGroupMember member;
    private final ShareAcknowledgements acks;
    /** The fetcher's share sessions: epoch per leader node id. */
    private final Map<Integer, Integer> sessions;
    private final Map<String, UUID> topicIds;
    private final IntSupplier lockTimeoutMs;
    /** Acknowledgement errors of background sends and fetches, returned by the next commit. */
    private final Map<TopicPartition, Exception> ackErrors = new HashMap<>();

    ShareAcknowledger(ShareFetcher.Settings settings, NetworkClient network, MetadataManager metadata,
                      ShareGroupMember member, ShareAcknowledgements acks, Map<Integer, Integer> sessions,
                      Map<String, UUID> topicIds, IntSupplier lockTimeoutMs) {
        this.settings = settings;
        this.network = network;
        this.metadata = metadata;
        this.member = member;
        this.acks = acks;
        this.sessions = sessions;
        this.topicIds = topicIds;
        this.lockTimeoutMs = lockTimeoutMs;
    }

    /** A fetch response refused the acknowledgements {@code sent} for {@code tp}; reported by the next commit. */
    void failed(TopicPartition tp, Errors error, TreeMap<Long, AcknowledgeType> sent) {
        if (error == Errors.INVALID_RECORD_STATE) {
            acks.refusedAsExpired(tp, sent); // the locks had run out: the records went elsewhere
        }
        Exception ex = error.exception("acknowledging records of " + tp + " in share group " + settings.groupId());
        ackErrors.put(tp, ex);
        log.warn("share consumer {}: {}", settings.clientId(), ex.getMessage());
    }


    /**
     * Background send of what other threads acknowledged, to leaders this consumer has a session with (the others
     * wait for the next fetch to open one); errors wait for the next commit. False when nothing could go.
     */
    boolean sendPending() {
        Map<Node, Map<TopicPartition, TreeMap<Long, AcknowledgeType>>> byLeader = pendingBySession(acks::restore);
        if (byLeader.isEmpty()) {
            return false;
        }
        ackErrors.putAll(send(byLeader, settings.requestTimeout(), false));
        return true;
    }

    /**
     * Sends every pending acknowledgement with ShareAcknowledge ({@code closing}: ending each session) and returns
     * the errors, with those of earlier background sends.
     */
    Map<TopicPartition, Exception> acknowledgeNow(Duration timeout, boolean closing) {
        Map<TopicPartition, Exception> result = new HashMap<>(ackErrors);
        ackErrors.clear();
        Map<Node, Map<TopicPartition, TreeMap<Long, AcknowledgeType>>> byLeader = pendingBySession((tp, a) ->
                result.put(tp, new KurierException("no share session with the leader of " + tp
                        + ": the acknowledgements were not sent; the records are delivered again after the lock")));
        if (closing) {
            for (Integer id : sessions.keySet()) {
                Node n = metadata.snapshot().node(id);
                if (n != null) {
                    byLeader.putIfAbsent(n, new HashMap<>());
                }
            }
        }
        result.putAll(send(byLeader, timeout, closing));
        return result;
    }

    /**
     * Takes every pending acknowledgement, grouped by the leader whose share session they go in; those of partitions
     * without a leader or a session go to {@code noSession}.
     */
    private Map<Node, Map<TopicPartition, TreeMap<Long, AcknowledgeType>>> pendingBySession(
            java.util.function.BiConsumer<TopicPartition, TreeMap<Long, AcknowledgeType>> noSession) {
        Map<Node, Map<TopicPartition, TreeMap<Long, AcknowledgeType>>> byLeader = new LinkedHashMap<>();
        acks.takeAll().forEach((tp, a) -> {
            Node leader = metadata.leader(tp);
            if (leader == null || !sessions.containsKey(leader.id())) {
                noSession.accept(tp, a);
            } else {
                byLeader.computeIfAbsent(leader, n -> new HashMap<>()).put(tp, a);
            }
        });
        return byLeader;
    }

    /** One ShareAcknowledge per leader, waiting up to {@code timeout} for all; the errors per partition. */
    private Map<TopicPartition, Exception> send(Map<Node, Map<TopicPartition, TreeMap<Long, AcknowledgeType>>> byLeader,
                                                Duration timeout, boolean closing) {
        Map<TopicPartition, Exception> result = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long sentAt = System.nanoTime();
        Map<Node, CompletableFuture<ShareAcknowledgeResponse>> sent = new LinkedHashMap<>();
        byLeader.forEach((leader, sending) -> {
            BrokerConnection c;
            try {
                c = network.connection(new Endpoint(leader.host(), leader.port()));
            } catch (RuntimeException e) {
                sent.put(leader, CompletableFuture.failedFuture(e));
                return;
            }
            dropRenewalsIfUnsupported(leader, c, sending, result);
            boolean renewing = sending.values().stream().anyMatch(ShareAcknowledgements::hasRenewal);
            int epoch = closing ? FINAL_EPOCH : sessions.getOrDefault(leader.id(), 0);
            Map<UUID, List<ShareAcknowledgeRequest.AcknowledgePartition>> topics = new LinkedHashMap<>();
            sending.forEach((tp, a) -> topics.computeIfAbsent(topicIds.get(tp.topic()), k -> new ArrayList<>()).add(
                    new ShareAcknowledgeRequest.AcknowledgePartition(tp.partition(),
                            ShareAcknowledgements.batches(a, ShareAcknowledgeRequest.AcknowledgementBatch::new))));
            List<ShareAcknowledgeRequest.AcknowledgeTopic> list = new ArrayList<>();
            topics.forEach((id, parts) -> list.add(new ShareAcknowledgeRequest.AcknowledgeTopic(id, parts)));
            ShareAcknowledgeRequest request = ShareAcknowledgeRequest.builder().groupId(settings.groupId())
                    .memberId(member.memberId()).shareSessionEpoch(epoch).isRenewAck(renewing).topics(list).build();
            if (!closing) {
                sessions.put(leader.id(), epoch == Integer.MAX_VALUE ? 1 : epoch + 1);
            }
            try {
                sent.put(leader, c.send(request));
            } catch (RuntimeException e) {
                sent.put(leader, CompletableFuture.failedFuture(e));
            }
        });
        sent.forEach((leader, f) -> {
            Map<TopicPartition, TreeMap<Long, AcknowledgeType>> sending = byLeader.get(leader);
            try {
                ShareAcknowledgeResponse resp = f.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(
                        deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
                int lockMs = resp.acquisitionLockTimeoutMs() > 0 ? resp.acquisitionLockTimeoutMs() : lockTimeoutMs.getAsInt();
                Map<TopicPartition, Errors> errors = new HashMap<>();
                for (ShareAcknowledgeResponse.ShareAcknowledgeTopicResponse t : resp.responses()) {
                    String topic = metadata.snapshot().topicName(t.topicId());
                    for (ShareAcknowledgeResponse.PartitionData p : t.partitions()) {
                        if (topic != null) {
                            errors.put(new TopicPartition(topic, p.partitionIndex()), Errors.forCode(p.errorCode()));
                        }
                    }
                }
                sending.forEach((tp, a) -> {
                    Errors e = errors.getOrDefault(tp, Errors.NONE);
                    if (e == Errors.NONE) {
                        acks.renewed(tp, a, sentAt + TimeUnit.MILLISECONDS.toNanos(Math.max(0, lockMs)));
                        return;
                    }
                    if (e == Errors.INVALID_RECORD_STATE) {
                        acks.refusedAsExpired(tp, a);
                    }
                    result.put(tp, e.exception("acknowledging records of " + tp + " in share group "
                            + settings.groupId()));
                });
                if (resp.errorCode() != 0) {
                    sessions.remove(leader.id());
                }
            } catch (Exception e) {
                sessions.remove(leader.id());
                sending.keySet().forEach(tp -> result.put(tp, e instanceof KurierException k ? k
                        : new KurierException("acknowledging records of " + tp + " failed: " + e, e)));
            }
        });
        if (!result.isEmpty()) {
            log.debug("share consumer {}: acknowledgements failed for {}", settings.clientId(), result.keySet());
        }
        return result;
    }

    /**
     * A broker below ShareAcknowledge v2 (Kafka 4.1) cannot renew: the renewals in {@code sending} are dropped with
     * an error naming the broker, the rest goes.
     */
    private void dropRenewalsIfUnsupported(Node leader, BrokerConnection c,
                                           Map<TopicPartition, TreeMap<Long, AcknowledgeType>> sending,
                                           Map<TopicPartition, Exception> result) {
        if (sending.values().stream().noneMatch(ShareAcknowledgements::hasRenewal)) {
            return;
        }
        ApiVersionTable versions = c.apiVersions().getNow(null);
        if (versions == null || versions.brokerMaxVersion(ApiKey.SHARE_ACKNOWLEDGE) >= 2) {
            return;
        }
        sending.replaceAll((tp, a) -> {
            if (ShareAcknowledgements.hasRenewal(a)) {
                result.put(tp, new UnsupportedVersionException("share consumer " + settings.clientId() + ": renewing"
                        + " a lock (AcknowledgeType.RENEW) of " + tp + " needs Kafka 4.2 or newer (ShareAcknowledge"
                        + " v2); broker " + leader.host() + ":" + leader.port() + " speaks v"
                        + versions.brokerMaxVersion(ApiKey.SHARE_ACKNOWLEDGE)));
                return ShareAcknowledgements.withoutRenewals(a);
            }
            return a;
        });
        sending.values().removeIf(TreeMap::isEmpty);
    }
}
