package dev.kurier.client.group;

import dev.kurier.client.cluster.ClusterSnapshot;
import dev.kurier.client.cluster.CoordinatorLocator;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.network.UnsupportedApiException;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.ConsumerGroupHeartbeatRequest;
import dev.kurier.client.protocol.message.ConsumerGroupHeartbeatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a consumer group that speaks the consumer protocol of KIP-848 ({@code group.protocol=consumer}, Kafka
 * 4.0 or newer): the broker assigns partitions, and membership is one request, ConsumerGroupHeartbeat, sent on the
 * group thread at the interval the broker sets. There is no stop-the-world rebalance: each answer may carry this
 * member's new target assignment, which the polling thread reconciles inside {@link #poll}: it revokes the
 * partitions it must give up (the rebalance listener's {@code onPartitionsRevoked}, auto-commit first), takes the new
 * ones ({@code onPartitionsAssigned}, with only the partitions actually added), and the next heartbeat tells the
 * broker what it owns now, which lets the broker hand the revoked partitions to their new owners.
 *
 * <p>The member id is made here (KIP-1082) and kept for the member's life; the epoch comes from the broker. A fenced
 * member (FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID) loses its partitions ({@code onPartitionsLost}) and joins again
 * with epoch 0. A member that does not poll within {@code max.poll.interval.ms} leaves (epoch -1) and joins again at
 * its next poll. Commits carry the member id and epoch (OffsetCommit v9+). A broker without the protocol is a fatal
 * error naming the key to change. Threads as {@link GroupCoordinator}.
 */
public final class ConsumerGroupMember implements GroupMember {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupMember.class);
    private static final long TICK_MILLIS = 50;
    /** Epoch of a heartbeat that leaves the group; a static member leaves with -2 and keeps its partitions a while. */
    private static final int LEAVE_EPOCH = -1;
    private static final int STATIC_LEAVE_EPOCH = -2;

    private final GroupConfig config;
    private final MetadataManager metadata;
    private final NetworkClient network;
    private final ScheduledExecutorService executor;
    private final CoordinatorLocator locator;
    private final GroupCommits commits;
    private final String memberId = UUID.randomUUID().toString();

    // Group-thread state, guarded by this.
    private int memberEpoch;
    private boolean inFlight;
    private long nextHeartbeatNanos;
    private long intervalNanos;
    /** The last assignment the broker sent (topic id to partitions), null before the first. */
    private Map<UUID, Set<Integer>> target;
    private boolean targetChanged;
    /** The member was fenced: the poller gives up what it owns (lost) before the new assignment. */
    private boolean fenced;
    /** What the poller owns now, as the next heartbeat reports it. */
    private List<ConsumerGroupHeartbeatRequest.TopicPartitions> reported = List.of();
    /** The member left for max.poll.interval.ms; its next poll joins again. */
    private boolean leftForPollTimeout;
    private volatile RuntimeException fatal;
    private volatile ScheduledFuture<?> ticker;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile boolean closed;
    /** Topic names of ids not (yet) in the client's metadata (a regular-expression subscription). */
    private volatile ClusterSnapshot described;
    private CompletableFuture<ClusterSnapshot> describing;

    // Polling-thread state.
    private volatile List<String> subscription;
    private volatile Pattern pattern;
    private ConsumerRebalanceListener listener = ConsumerRebalanceListener.NOOP;
    private final LinkedHashSet<TopicPartition> owned = new LinkedHashSet<>();
    private boolean assignedOnce;
    private Supplier<Map<TopicPartition, OffsetAndMetadata>> autoCommitSource;
    private long nextAutoCommitNanos;
    private RuntimeException callbackError;

    /** A member of {@code config.groupId()}; it joins at the first {@link #poll} after a subscribe. */
    public ConsumerGroupMember(GroupConfig config, NetworkClient network, MetadataManager metadata) {
        this.config = config;
        this.metadata = metadata;
        this.network = network.dedicated("group-" + config.groupId(), network.config());
        String threadName = "kurier-group-" + config.clientId() + "-" + config.groupId();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        this.locator = new CoordinatorLocator(config.groupId(), metadata, this.network);
        this.commits = new GroupCommits(config, new GroupOffsets(config, locator, executor, this::onCommitError));
        this.intervalNanos = config.heartbeatInterval().toNanos();
        log.info("group {}: member {} created (consumer protocol, KIP-848{}{})", config.groupId(), memberId,
                config.remoteAssignor() == null ? "" : ", assignor " + config.remoteAssignor(),
                config.isStatic() ? ", static member " + config.groupInstanceId() : "");
    }

    // ---- subscription and polling ------------------------------------------------------------------

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        ensureOpen();
        this.subscription = List.copyOf(new LinkedHashSet<>(topics));
        this.pattern = null;
        this.listener = listener == null ? ConsumerRebalanceListener.NOOP : listener;
        metadata.track(topics);
        heartbeatNow();
    }

    /** Subscribes by regular expression, evaluated by the broker (KIP-848); {@code refreshInterval} is not used. */
    @Override
    public void subscribe(Pattern pattern, Duration refreshInterval, ConsumerRebalanceListener listener) {
        ensureOpen();
        this.pattern = pattern;
        this.subscription = List.of();
        this.listener = listener == null ? ConsumerRebalanceListener.NOOP : listener;
        heartbeatNow();
    }

    @Override
    public List<String> subscription() {
        if (pattern != null) {
            Set<String> topics = new LinkedHashSet<>();
            owned.forEach(tp -> topics.add(tp.topic()));
            return List.copyOf(topics);
        }
        List<String> s = subscription;
        return s == null ? List.of() : s;
    }

    private boolean subscribed() {
        return subscription != null;
    }

    @Override
    public void autoCommitFrom(Supplier<Map<TopicPartition, OffsetAndMetadata>> source) {
        this.autoCommitSource = source;
        this.nextAutoCommitNanos = System.nanoTime() + config.autoCommitInterval().toNanos();
    }

    @Override
    public void pollCalled() {
        lastPollNanos = System.nanoTime();
    }

    @Override
    public boolean poll(Duration timeout) {
        ensureOpen();
        long deadline = GroupCommits.deadlineOf(timeout);
        pollCalled();
        commits.runCallbacks();
        throwIfFatal();
        maybeAutoCommit();
        if (!subscribed()) {
            return false;
        }
        synchronized (this) {
            if (leftForPollTimeout) {
                leftForPollTimeout = false;
                memberEpoch = 0;
                fenced = true; // what it owned went to others meanwhile
                nextHeartbeatNanos = System.nanoTime();
            }
        }
        startTicker();
        try {
            while (true) {
                reconcile(deadline);
                throwIfFatal();
                if (callbackError != null) {
                    RuntimeException e = callbackError;
                    callbackError = null;
                    throw e instanceof KurierException ? e : new KurierException("a rebalance listener of group "
                            + config.groupId() + " threw: " + e, e);
                }
                if (isStable()) {
                    return true;
                }
                if (!commits.awaitCondition(this::somethingToReconcile, deadline)) {
                    return isStable();
                }
            }
        } finally {
            pollCalled();
        }
    }

    private synchronized boolean somethingToReconcile() {
        return targetChanged || fenced || fatal != null || closed;
    }

    @Override
    public synchronized boolean isStable() {
        return memberEpoch > 0 && target != null && !targetChanged && !fenced;
    }

    /** Polling thread: gives up lost partitions, then moves {@link #owned} to the broker's target. */
    private void reconcile(long deadline) {
        boolean lost;
        Map<UUID, Set<Integer>> wanted;
        synchronized (this) {
            lost = fenced;
            fenced = false;
            wanted = targetChanged ? target : null;
        }
        if (lost && !owned.isEmpty()) {
            Set<TopicPartition> gone = new LinkedHashSet<>(owned);
            owned.clear();
            report();
            log.info("group {}: member fenced; giving up {} partition(s) as lost", config.groupId(), gone.size());
            invoke("onPartitionsLost", () -> listener.onPartitionsLost(gone));
        }
        if (wanted == null) {
            return;
        }
        Set<TopicPartition> next = resolve(wanted);
        if (next == null) {
            return; // a topic id not known yet: looked up, reconciled at a later poll
        }
        synchronized (this) {
            if (target == wanted) {
                targetChanged = false;
            }
        }
        Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
        revoked.removeAll(next);
        Set<TopicPartition> added = new LinkedHashSet<>(next);
        added.removeAll(owned);
        if (!revoked.isEmpty()) {
            if (config.autoCommit() && autoCommitSource != null) {
                commits.await(autoCommit(generation(), "before revoking"), deadline);
            }
            log.info("group {}: revoking {}", config.groupId(), revoked);
            invoke("onPartitionsRevoked", () -> listener.onPartitionsRevoked(revoked));
            owned.removeAll(revoked);
        }
        if (!added.isEmpty() || !assignedOnce) {
            assignedOnce = true;
            owned.addAll(added);
            log.info("group {}: assigned {} (epoch {})", config.groupId(), added, currentEpoch());
            invoke("onPartitionsAssigned", () -> listener.onPartitionsAssigned(added));
        }
        if (!revoked.isEmpty() || !added.isEmpty()) {
            report();
        }
    }

    /** The partitions of {@code wanted} by name; null while a topic id is unknown (it is looked up). */
    private Set<TopicPartition> resolve(Map<UUID, Set<Integer>> wanted) {
        Set<TopicPartition> out = new LinkedHashSet<>();
        boolean unknown = false;
        for (Map.Entry<UUID, Set<Integer>> e : wanted.entrySet()) {
            String name = metadata.snapshot().topicName(e.getKey());
            ClusterSnapshot d = described;
            if (name == null && d != null) {
                name = d.topicName(e.getKey());
            }
            if (name == null) {
                unknown = true;
                continue;
            }
            for (int p : new java.util.TreeSet<>(e.getValue())) {
                out.add(new TopicPartition(name, p));
            }
        }
        if (unknown) {
            synchronized (this) {
                if (describing == null || describing.isDone()) {
                    describing = metadata.describeAll();
                    describing.whenComplete((snapshot, err) -> {
                        if (snapshot != null) {
                            described = snapshot;
                        }
                        synchronized (ConsumerGroupMember.this) {
                            targetChanged = targetChanged || target != null; // look again
                        }
                        commits.wake();
                    });
                }
            }
            return null;
        }
        return out;
    }

    /** Tells the group thread what the poller owns now, and heartbeats at once (the broker waits for it). */
    private void report() {
        Map<UUID, List<Integer>> byTopic = new TreeMap<>();
        ClusterSnapshot snap = metadata.snapshot();
        ClusterSnapshot d = described;
        for (TopicPartition tp : owned) {
            var info = snap.topic(tp.topic());
            UUID id = info != null ? info.topicId() : null;
            if (id == null && d != null && d.topic(tp.topic()) != null) {
                id = d.topic(tp.topic()).topicId();
            }
            if (id != null) {
                byTopic.computeIfAbsent(id, k -> new ArrayList<>()).add(tp.partition());
            }
        }
        List<ConsumerGroupHeartbeatRequest.TopicPartitions> list = new ArrayList<>();
        byTopic.forEach((id, parts) -> list.add(new ConsumerGroupHeartbeatRequest.TopicPartitions(id, parts)));
        synchronized (this) {
            reported = List.copyOf(list);
            nextHeartbeatNanos = System.nanoTime();
        }
        kick();
    }

    private void invoke(String what, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("group {}: {} of the rebalance listener threw", config.groupId(), what, e);
            if (callbackError == null) {
                callbackError = e;
            }
        }
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.copyOf(owned);
    }

    @Override
    public GroupMetadata groupMetadata() {
        return new GroupMetadata(config.groupId(), currentEpoch(), memberId, config.groupInstanceId());
    }

    private synchronized int currentEpoch() {
        return memberEpoch;
    }

    /** What commits carry: the member id and epoch once joined; outside a subscription, no membership. */
    private Generation generation() {
        if (!subscribed()) {
            return Generation.NONE;
        }
        int epoch = currentEpoch();
        if (epoch <= 0) {
            throw new CommitFailedException("Offset commit for group " + config.groupId() + " cannot complete: this "
                    + "member has not joined the group yet (or was fenced and is joining again). Call poll() first.");
        }
        return new Generation(epoch, memberId, null);
    }

    /** The consumer protocol assigns on the broker: nothing to ask for. */
    @Override
    public void enforceRebalance(String reason) {
        log.debug("group {}: enforceRebalance({}) ignored: the broker assigns partitions in the consumer protocol",
                config.groupId(), reason);
    }

    @Override
    public void wakeup() {
        commits.wakeup();
    }

    @Override
    public void unsubscribe() {
        ensureOpen();
        if (!subscribed()) {
            return;
        }
        leave("the consumer unsubscribed", GroupCommits.deadlineOf(config.defaultApiTimeout()));
        subscription = null;
        pattern = null;
    }

    /** Revokes what it owns (after an auto-commit) and sends the leave heartbeat, within the deadline. */
    private void leave(String reason, long deadline) {
        if (!owned.isEmpty()) {
            if (config.autoCommit() && autoCommitSource != null && currentEpoch() > 0) {
                commits.await(autoCommit(generation(), "before leaving"), deadline);
            }
            Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
            invoke("onPartitionsRevoked", () -> listener.onPartitionsRevoked(revoked));
            owned.clear();
        }
        stopTicker();
        int epoch;
        synchronized (this) {
            epoch = memberEpoch;
            memberEpoch = 0;
            target = null;
            targetChanged = false;
            reported = List.of();
        }
        if (epoch > 0 && fatal == null) {
            log.info("group {}: leaving ({})", config.groupId(), reason);
            commits.await(sendHeartbeat(config.isStatic() ? STATIC_LEAVE_EPOCH : LEAVE_EPOCH)
                    .handle((r, e) -> null), deadline);
        }
    }

    // ---- heartbeats (group thread) ------------------------------------------------------------------

    private void startTicker() {
        if (ticker == null && !closed) {
            synchronized (this) {
                if (ticker == null) {
                    ticker = executor.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private synchronized void stopTicker() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    private void heartbeatNow() {
        synchronized (this) {
            nextHeartbeatNanos = System.nanoTime();
        }
        kick();
    }

    private void kick() {
        if (ticker != null && !closed) {
            try {
                executor.execute(this::tick);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void tick() {
        if (closed || !subscribed() || fatal != null) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (inFlight || leftForPollTimeout) {
                return;
            }
            if (memberEpoch > 0 && now - lastPollNanos > config.rebalanceTimeout().toNanos()) {
                leftForPollTimeout = true;
                log.warn("group {}: no poll() within max.poll.interval.ms ({} ms); leaving the group so its partitions"
                        + " move to members that make progress (the next poll joins again)", config.groupId(),
                        config.rebalanceTimeout().toMillis());
                sendHeartbeat(LEAVE_EPOCH);
                memberEpoch = 0;
                return;
            }
            if (now - nextHeartbeatNanos < 0) {
                return;
            }
            sendHeartbeat(memberEpoch);
        }
    }

    /** Sends a heartbeat with {@code epoch} (0 joins, -1/-2 leave). Under the lock, or for the last one. */
    private synchronized CompletableFuture<ConsumerGroupHeartbeatResponse> sendHeartbeat(int epoch) {
        inFlight = true;
        boolean joining = epoch == 0;
        Pattern p = pattern;
        ConsumerGroupHeartbeatRequest request = ConsumerGroupHeartbeatRequest.builder().groupId(config.groupId())
                .memberId(memberId).memberEpoch(epoch).instanceId(config.groupInstanceId()).rackId(config.rackId())
                .rebalanceTimeoutMs((int) Math.min(Integer.MAX_VALUE, config.rebalanceTimeout().toMillis()))
                .subscribedTopicNames(p == null ? subscription : null)
                .subscribedTopicRegex(p == null ? null : p.pattern())
                .serverAssignor(config.remoteAssignor())
                .topicPartitions(joining ? List.of() : reported).build();
        CompletableFuture<ConsumerGroupHeartbeatResponse> f = locator.send(request, config.requestTimeout());
        if (epoch >= 0) {
            f.whenComplete((r, err) -> answered(epoch, r, err));
        } else {
            f.whenComplete((r, err) -> {
                synchronized (this) {
                    inFlight = false;
                }
            });
        }
        return f;
    }

    private void answered(int sentEpoch, ConsumerGroupHeartbeatResponse r, Throwable err) {
        long now = System.nanoTime();
        long backoff = config.retryBackoff().toNanos();
        synchronized (this) {
            inFlight = false;
            if (leftForPollTimeout || closed) {
                return;
            }
            if (err != null) {
                Throwable cause = CoordinatorLocator.unwrap(err);
                if (cause instanceof UnsupportedApiException || cause instanceof dev.kurier.client.protocol.UnsupportedVersionException) {
                    fail(new KurierException("group " + config.groupId() + ": the broker does not support the consumer"
                            + " group protocol (KIP-848, Kafka 4.0 or newer: " + cause.getMessage() + "); set "
                            + "group.protocol=classic", cause));
                    return;
                }
                log.debug("group {}: heartbeat failed: {}", config.groupId(), CoordinatorLocator.messageOf(cause));
                nextHeartbeatNanos = now + backoff;
                return;
            }
            Errors e = Errors.forCode(r.errorCode());
            switch (e) {
                case NONE -> {
                    if (memberEpoch == 0 && r.memberEpoch() > 0) {
                        log.info("group {}: joined as {} with epoch {}", config.groupId(), memberId, r.memberEpoch());
                    }
                    memberEpoch = r.memberEpoch();
                    if (r.heartbeatIntervalMs() > 0) {
                        intervalNanos = TimeUnit.MILLISECONDS.toNanos(r.heartbeatIntervalMs());
                    }
                    nextHeartbeatNanos = now + intervalNanos;
                    if (r.assignment() != null) {
                        Map<UUID, Set<Integer>> next = new HashMap<>();
                        for (ConsumerGroupHeartbeatResponse.TopicPartitions tps : r.assignment().topicPartitions()) {
                            next.computeIfAbsent(tps.topicId(), k -> new LinkedHashSet<>()).addAll(tps.partitions());
                        }
                        target = next;
                        targetChanged = true;
                    }
                }
                case FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID -> {
                    log.info("group {}: heartbeat with epoch {} answered {}; joining again", config.groupId(),
                            sentEpoch, e);
                    memberEpoch = 0;
                    fenced = true;
                    target = null;
                    targetChanged = false;
                    reported = List.of();
                    nextHeartbeatNanos = now;
                }
                case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                    locator.markUnknown(null, e.name() + " on ConsumerGroupHeartbeat");
                    nextHeartbeatNanos = now + backoff;
                }
                case COORDINATOR_LOAD_IN_PROGRESS, REBALANCE_IN_PROGRESS -> nextHeartbeatNanos = now + backoff;
                case UNSUPPORTED_VERSION -> fail(new KurierException("group " + config.groupId() + ": the group "
                        + "coordinator " + locator.known() + " does not support the consumer group protocol ("
                        + message(r) + "; it is there from Kafka 4.0 on); set group.protocol=classic, or enable it on"
                        + " the broker", null));
                default -> {
                    if (e.retriable) {
                        nextHeartbeatNanos = now + backoff;
                    } else {
                        fail(e.exception("group " + config.groupId() + ": ConsumerGroupHeartbeat failed"
                                + (r.errorMessage() == null ? "" : " (" + r.errorMessage() + ")")));
                    }
                }
            }
        }
        commits.wake();
    }

    private static String message(ConsumerGroupHeartbeatResponse r) {
        return r.errorMessage() == null ? "UNSUPPORTED_VERSION" : r.errorMessage();
    }

    private void fail(RuntimeException e) {
        if (fatal == null) {
            fatal = e;
            log.error("{}", e.getMessage());
        }
        commits.wake();
    }

    // ---- offsets --------------------------------------------------------------------------------------

    private void onCommitError(Generation generation, Errors error) {
        if (error == Errors.STALE_MEMBER_EPOCH || error == Errors.FENCED_MEMBER_EPOCH
                || error == Errors.UNKNOWN_MEMBER_ID) {
            heartbeatNow(); // the epoch moved on: learn the new one (or that the member was fenced)
        }
    }

    private void maybeAutoCommit() {
        if (!config.autoCommit() || autoCommitSource == null || System.nanoTime() < nextAutoCommitNanos) {
            return;
        }
        nextAutoCommitNanos = System.nanoTime() + config.autoCommitInterval().toNanos();
        if (subscribed() && !isStable()) {
            return; // joining or reconciling: the commit before revoking covers it
        }
        autoCommit(generation(), "periodic");
    }

    private CompletableFuture<Void> autoCommit(Generation g, String why) {
        return commits.autoCommit(autoCommitSource, tp -> true, g, why);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        ensureOpen();
        commits.runCallbacks();
        throwIfFatal();
        commits.commitSync(offsets, generation(), timeout);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets, config.defaultApiTimeout());
    }

    @Override
    public CompletableFuture<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                               OffsetCommitCallback callback) {
        ensureOpen();
        return commits.commitAsync(offsets, () -> {
            throwIfFatal();
            return generation();
        }, callback);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions, Duration timeout) {
        ensureOpen();
        return commits.committed(partitions, timeout);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committedAsync(
            Collection<TopicPartition> partitions, Duration timeout) {
        ensureOpen();
        return commits.committedAsync(partitions, timeout);
    }

    @Override
    public Map<TopicPartition, Long> knownCommitted() {
        return commits.knownCommitted();
    }

    // ---- closing -------------------------------------------------------------------------------------

    @Override
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        long deadline = GroupCommits.deadlineOf(timeout);
        try {
            commits.runCallbacks();
            if (fatal == null) {
                if (subscribed()) {
                    leave("the consumer is being closed", deadline);
                } else if (config.autoCommit() && autoCommitSource != null) {
                    commits.await(autoCommit(Generation.NONE, "on close"), deadline);
                }
            }
            commits.awaitInFlight(deadline);
            commits.runCallbacks();
        } finally {
            closed = true;
            stopTicker();
            executor.shutdownNow();
            network.close();
            log.info("group {}: member closed", config.groupId());
        }
    }

    @Override
    public void close() {
        close(config.defaultApiTimeout());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the group member of " + config.groupId() + " is closed");
        }
    }

    private void throwIfFatal() {
        RuntimeException f = fatal;
        if (f != null) {
            throw f;
        }
    }
}
