package dev.kurier.client.group;

import dev.kurier.client.cluster.CoordinatorLocator;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.network.UnsupportedApiException;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.ShareGroupHeartbeatRequest;
import dev.kurier.client.protocol.message.ShareGroupHeartbeatResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a share group (KIP-932): ShareGroupHeartbeat on its own thread at the interval the broker sets, the
 * partitions the broker assigns (shared with other members; nothing to revoke, records are acquired one fetch at a
 * time), rejoining with epoch 0 when fenced, leaving with epoch -1. A coordinator without share groups is a fatal
 * error naming what to change.
 */
public final class ShareGroupMember implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShareGroupMember.class);
    private static final long TICK_MILLIS = 50;

    private final String groupId;
    private final String rackId;
    private final Duration requestTimeout;
    private final long backoffNanos;
    private final NetworkClient network;
    private final CoordinatorLocator locator;
    private final ScheduledExecutorService executor;
    private final String memberId = UUID.randomUUID().toString();

    // Guarded by this.
    private List<String> topics;
    private int memberEpoch;
    private boolean inFlight;
    private long nextHeartbeatNanos;
    private long intervalNanos;
    private Map<UUID, Set<Integer>> assignment = Map.of();
    private long assignmentVersion;
    private ScheduledFuture<?> ticker;
    private volatile RuntimeException fatal;
    private volatile boolean closed;

    /** A member of {@code groupId}; it joins once {@link #subscribe subscribed}. */
    public ShareGroupMember(String groupId, String clientId, String rackId, Duration requestTimeout,
                            Duration retryBackoff, Duration heartbeatInterval, NetworkClient network,
                            MetadataManager metadata) {
        this.groupId = groupId;
        this.rackId = rackId;
        this.requestTimeout = requestTimeout;
        this.backoffNanos = Math.max(1, retryBackoff.toNanos());
        this.intervalNanos = heartbeatInterval.toNanos();
        this.network = network.dedicated("share-group-" + groupId, network.config());
        this.locator = new CoordinatorLocator(groupId, metadata, this.network);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kurier-share-group-" + clientId + "-" + groupId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Joins for {@code topics} (or changes them). */
    public synchronized void subscribe(List<String> topics) {
        this.topics = List.copyOf(topics);
        nextHeartbeatNanos = System.nanoTime();
        if (ticker == null) {
            ticker = executor.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The member id (made here, KIP-1082). */
    public String memberId() {
        return memberId;
    }

    /** The partitions assigned now, by topic id. */
    public synchronized Map<UUID, Set<Integer>> assignment() {
        return assignment;
    }

    /** Goes up whenever {@link #assignment} changes. */
    public synchronized long assignmentVersion() {
        return assignmentVersion;
    }

    /** Throws the fatal error, if one happened. */
    public void throwIfFatal() {
        RuntimeException f = fatal;
        if (f != null) {
            throw f;
        }
    }

    private void tick() {
        if (closed || fatal != null) {
            return;
        }
        synchronized (this) {
            if (topics == null || inFlight || System.nanoTime() - nextHeartbeatNanos < 0) {
                return;
            }
            send(memberEpoch);
        }
    }

    private synchronized CompletableFuture<ShareGroupHeartbeatResponse> send(int epoch) {
        inFlight = true;
        ShareGroupHeartbeatRequest request = ShareGroupHeartbeatRequest.builder().groupId(groupId).memberId(memberId)
                .memberEpoch(epoch).rackId(rackId).subscribedTopicNames(epoch >= 0 ? topics : null).build();
        CompletableFuture<ShareGroupHeartbeatResponse> f = locator.send(request, requestTimeout);
        f.whenComplete((r, err) -> answered(epoch, r, err));
        return f;
    }

    private synchronized void answered(int sentEpoch, ShareGroupHeartbeatResponse r, Throwable err) {
        inFlight = false;
        long now = System.nanoTime();
        if (closed || sentEpoch < 0) {
            return;
        }
        if (err != null) {
            Throwable cause = CoordinatorLocator.unwrap(err);
            if (cause instanceof UnsupportedApiException) {
                fatal = new KurierException("share group " + groupId + ": the brokers do not support share groups ("
                        + cause.getMessage() + "); they need Kafka 4.2 or newer (or share.version enabled)", cause);
                log.error("{}", fatal.getMessage());
                return;
            }
            log.debug("share group {}: heartbeat failed: {}", groupId, CoordinatorLocator.messageOf(cause));
            nextHeartbeatNanos = now + backoffNanos;
            return;
        }
        Errors e = Errors.forCode(r.errorCode());
        switch (e) {
            case NONE -> {
                if (memberEpoch == 0 && r.memberEpoch() > 0) {
                    log.info("share group {}: joined as {} with epoch {}", groupId, memberId, r.memberEpoch());
                }
                memberEpoch = r.memberEpoch();
                if (r.heartbeatIntervalMs() > 0) {
                    intervalNanos = TimeUnit.MILLISECONDS.toNanos(r.heartbeatIntervalMs());
                }
                nextHeartbeatNanos = now + intervalNanos;
                if (r.assignment() != null) {
                    Map<UUID, Set<Integer>> next = new HashMap<>();
                    for (ShareGroupHeartbeatResponse.TopicPartitions tps : r.assignment().topicPartitions()) {
                        next.computeIfAbsent(tps.topicId(), k -> new LinkedHashSet<>()).addAll(tps.partitions());
                    }
                    assignment = Map.copyOf(next);
                    assignmentVersion++;
                    log.debug("share group {}: assigned {}", groupId, assignment);
                }
            }
            case FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID -> {
                log.info("share group {}: heartbeat answered {}; joining again", groupId, e);
                memberEpoch = 0;
                assignment = Map.of();
                assignmentVersion++;
                nextHeartbeatNanos = now;
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                locator.markUnknown(null, e.name() + " on ShareGroupHeartbeat");
                nextHeartbeatNanos = now + backoffNanos;
            }
            case UNSUPPORTED_VERSION, INVALID_REQUEST -> {
                fatal = new KurierException("share group " + groupId + ": the group coordinator " + locator.known()
                        + " refused ShareGroupHeartbeat (" + e + (r.errorMessage() == null ? "" : ": "
                        + r.errorMessage()) + "); share groups need Kafka 4.2 or newer (or share.version enabled)");
                log.error("{}", fatal.getMessage());
            }
            default -> {
                if (e.retriable) {
                    nextHeartbeatNanos = now + backoffNanos;
                } else {
                    fatal = e.exception("share group " + groupId + ": ShareGroupHeartbeat failed"
                            + (r.errorMessage() == null ? "" : " (" + r.errorMessage() + ")"));
                    log.error("{}", fatal.getMessage());
                }
            }
        }
    }

    /** Leaves the group (epoch -1), waiting up to {@code timeout}. */
    public void leave(Duration timeout) {
        CompletableFuture<ShareGroupHeartbeatResponse> f;
        synchronized (this) {
            if (ticker != null) {
                ticker.cancel(false);
                ticker = null;
            }
            if (memberEpoch <= 0 || fatal != null) {
                memberEpoch = 0;
                topics = null;
                return;
            }
            log.info("share group {}: leaving", groupId);
            f = send(-1);
            memberEpoch = 0;
            topics = null;
            assignment = Map.of();
        }
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("share group {}: leaving: {}", groupId, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        network.close();
    }
}
