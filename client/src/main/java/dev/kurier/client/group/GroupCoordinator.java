package dev.kurier.client.group;

import dev.kurier.client.cluster.CoordinatorLocator;

import dev.kurier.client.cluster.ClusterSnapshot;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.group.assignor.Assignment;
import dev.kurier.client.group.assignor.Assignors;
import dev.kurier.client.group.assignor.ConsumerPartitionAssignor;
import dev.kurier.client.group.assignor.RebalanceProtocol;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.network.NetworkConfig;
import dev.kurier.client.network.NetworkListener;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.JoinGroupRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's membership in a classic consumer group, and its offsets there.
 *
 * <p><b>Membership.</b> After {@link #subscribe}, every {@link #poll} drives the group protocol: it finds the
 * coordinator (FindCoordinator, rediscovering it on NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE and connection
 * failures, retrying COORDINATOR_LOAD_IN_PROGRESS after {@code retry.backoff.ms}), joins (JoinGroup, with the
 * member id the coordinator requires first, and {@code group.instance.id} for static members), and, when this
 * member leads, runs the assignor over every member's subscription and sends the assignments with SyncGroup.
 * The JoinGroup-to-SyncGroup sequence runs on the group's own thread, so a slow application cannot let the
 * session expire in between. A heartbeat on that thread keeps the member alive, rejoins when the group
 * rebalances, and leaves the group when {@code poll} is not called within {@code max.poll.interval.ms}.
 *
 * <p><b>Callbacks.</b> The {@link ConsumerRebalanceListener} runs on the polling thread, inside {@link #poll}
 * (and {@link #unsubscribe}, {@link #close}): revocations happen before the member rejoins (eager) or right
 * after the new assignment arrives (cooperative), while the member's generation is still valid, so the
 * listener can commit. Nothing else calls user code, except the assignor on the group thread when this member
 * leads.
 *
 * <p><b>Offsets.</b> {@link #commitSync}, {@link #commitAsync} and {@link #committed} talk to the coordinator
 * with retries ({@code offsets.commit.max.retries}, {@code offsets.retry.backoff.ms}). Without
 * {@link #subscribe}, commits are made outside any membership (generation -1, no member id), as a simple
 * consumer with a group id does. With {@code enable.auto.commit}, {@link #poll} commits the offsets of
 * {@link #autoCommitFrom} every {@code auto.commit.interval.ms}, and before every rejoin and on close.
 *
 * <p><b>Threads.</b> Not thread-safe except where noted: {@link #subscribe}, {@link #poll}, {@link #commitSync},
 * {@link #unsubscribe} and {@link #close} are meant for the consumer's polling thread. {@link #pollCalled},
 * {@link #wakeup}, {@link #commitAsync}, {@link #committedAsync} and {@link #groupMetadata} are safe from any
 * thread. The instance owns one network event-loop thread for its coordinator connection and one group thread.
 */
public final class GroupCoordinator implements GroupMember {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupConfig config;
    private final MetadataManager metadata;
    private final NetworkClient network;
    private final ScheduledExecutorService executor;
    private final Membership membership;
    private final CoordinatorLocator locator;
    private final GroupContext ctx;
    private final GroupCommits commits;
    private final Heartbeater heartbeater;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile boolean closed;

    // Polling-thread state.
    private volatile List<String> subscription; // null when not subscribed
    private PatternSubscription patternSubscription; // null unless subscribed by pattern
    private ConsumerRebalanceListener listener = ConsumerRebalanceListener.NOOP;
    private final LinkedHashSet<TopicPartition> owned = new LinkedHashSet<>();
    private boolean needsPrepare = true;
    private CompletableFuture<JoinOutcome> pendingJoin;
    private CompletableFuture<Void> pendingPrepareCommit;
    private Supplier<Map<TopicPartition, OffsetAndMetadata>> autoCommitSource;
    private long nextAutoCommitNanos;
    private Map<String, Integer> leaderTopicCounts;
    private RuntimeException callbackError;

    /**
     * A member of {@code config.groupId()} (not joined until {@link #subscribe} and {@link #poll}).
     *
     * @param network  the member's network client; the coordinator connection is a dedicated part of it (same event
     *                 loops, same metrics) whose request timeout also covers a JoinGroup held for a whole rebalance
     * @param metadata the client's metadata (coordinator lookup, partition counts for the leader)
     */
    public GroupCoordinator(GroupConfig config, NetworkClient network, MetadataManager metadata) {
        this.config = config;
        this.metadata = metadata;
        List<ConsumerPartitionAssignor> assignors = Assignors.create(config.assignors());
        RebalanceProtocol protocol = Assignors.protocolFor(assignors);
        Duration joinTimeout = config.rebalanceTimeout().plus(JoinRound.JOIN_GRACE);
        NetworkConfig base = network.config();
        NetworkConfig own = base.with(
                joinTimeout.compareTo(base.requestTimeout()) > 0 ? joinTimeout : base.requestTimeout(), base.ioThreads());
        this.network = network.dedicated("group-" + config.groupId(), own);
        String threadName = "kurier-group-" + config.clientId() + "-" + config.groupId();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        this.membership = new Membership(config.groupId());
        this.locator = new CoordinatorLocator(config.groupId(), metadata, this.network);
        this.ctx = new GroupContext(config, membership, locator, executor, metadata, assignors, protocol);
        this.commits = new GroupCommits(config, new GroupOffsets(config, locator, executor, this::onCommitMembershipError));
        this.heartbeater = new Heartbeater(ctx, () -> lastPollNanos);
        log.info("group {}: member created (assignors {}, {} rebalancing{})", config.groupId(),
                assignors.stream().map(ConsumerPartitionAssignor::name).toList(), protocol.name().toLowerCase(),
                config.isStatic() ? ", static member " + config.groupInstanceId() : "");
    }

    // ---- subscription and polling ------------------------------------------------------------------

    /**
     * Subscribes to {@code topics} with {@code listener} (replacing both). A change of topics makes the member
     * rejoin at its next poll. Polling thread.
     */
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        ensureOpen();
        if (topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException("subscribe needs at least one topic; call unsubscribe() to stop");
        }
        for (String t : topics) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("topic names must not be null or blank: " + topics);
            }
        }
        List<String> sorted = List.copyOf(new TreeSet<>(topics));
        this.listener = listener == null ? ConsumerRebalanceListener.NOOP : listener;
        patternSubscription = null;
        metadata.requireAllTopics(this, false);
        changeSubscription(sorted, "subscription changed to " + sorted);
        metadata.track(sorted);
        heartbeater.start();
    }

    /**
     * Subscribes to every topic whose whole name matches {@code pattern} (internal topics excluded), with
     * {@code listener} (replacing both). The matching topics are listed from the cluster's metadata before the
     * first join and again every {@code refreshInterval} ({@code metadata.max.age.ms}) while the application
     * polls; when they change, the member rejoins, so new matching topics get assigned and deleted ones dropped.
     * {@link #subscription()} is the current match. Polling thread.
     */
    public void subscribe(Pattern pattern, Duration refreshInterval, ConsumerRebalanceListener listener) {
        ensureOpen();
        if (pattern == null) {
            throw new IllegalArgumentException("subscribe needs a topic pattern; call unsubscribe() to stop");
        }
        this.listener = listener == null ? ConsumerRebalanceListener.NOOP : listener;
        PatternSubscription was = patternSubscription;
        if (was == null || !was.pattern().pattern().equals(pattern.pattern()) || was.pattern().flags() != pattern.flags()) {
            patternSubscription = new PatternSubscription(pattern, refreshInterval);
            log.info("group {}: subscribed to topics matching {}", config.groupId(), pattern);
        }
        if (subscription == null) {
            subscription = List.of(); // subscribed; the topics come with the first listing, before the first join
        }
        // Matched topics are not tracked by name: that could auto-create a deleted one again.
        metadata.requireAllTopics(this, true);
        heartbeater.start();
    }

    private void changeSubscription(List<String> sorted, String reason) {
        if (!sorted.equals(subscription)) {
            if (subscription != null) {
                membership.requestRejoin(reason);
            }
            subscription = sorted;
            log.info("group {}: subscribed to {}", config.groupId(), sorted);
        }
    }

    /**
     * With a pattern subscription: applies a changed match, and before the first join waits (up to the deadline)
     * for the first listing. Returns whether the member may go on to join.
     */
    private boolean refreshPattern(long deadline) {
        PatternSubscription p = patternSubscription;
        if (p == null) {
            return true;
        }
        List<String> before = subscription;
        List<String> changed = p.poll(metadata, config.groupId());
        if (!p.resolved() && p.inFlight() != null) {
            await(p.inFlight(), deadline);
            changed = p.poll(metadata, config.groupId());
        }
        if (!p.resolved()) {
            return false;
        }
        if (changed != null && !changed.equals(before)) {
            Set<String> added = new TreeSet<>(changed);
            added.removeAll(before);
            Set<String> removed = new TreeSet<>(before);
            removed.removeAll(changed);
            changeSubscription(changed, "topics matching " + p.pattern() + " changed (added " + added + ", removed "
                    + removed + ")");
        }
        return true;
    }

    /** The subscribed topics (with a pattern: the topics matching it now), sorted; empty when not subscribed. */
    public List<String> subscription() {
        List<String> s = subscription;
        return s == null ? List.of() : s;
    }

    /**
     * Where auto-commit ({@code enable.auto.commit}) takes the offsets to commit from: called on the polling
     * thread every {@code auto.commit.interval.ms}, before every rejoin and on close. Without it nothing is
     * committed automatically.
     */
    public void autoCommitFrom(Supplier<Map<TopicPartition, OffsetAndMetadata>> source) {
        this.autoCommitSource = source;
        this.nextAutoCommitNanos = System.nanoTime() + config.autoCommitInterval().toNanos();
    }

    /** Records that the application polled, resetting the {@code max.poll.interval.ms} timer. Any thread. */
    public void pollCalled() {
        lastPollNanos = System.nanoTime();
    }

    /**
     * Drives the group: runs due auto-commits and completed commit callbacks, (re)joins when needed and runs the
     * rebalance listener. Waits up to {@code timeout} for a rebalance in progress; a rebalance not finished by then
     * continues in the background and the next poll picks it up. Polling thread.
     *
     * @return whether the member is stable in the group with a current assignment ({@link #assignment()})
     * @throws dev.kurier.client.protocol.KafkaErrorException for fatal group errors (FENCED_INSTANCE_ID,
     *         GROUP_AUTHORIZATION_FAILED, INCONSISTENT_GROUP_PROTOCOL, ...), every poll from then on
     * @throws KurierException wrapping what a rebalance listener threw (after the rebalance step completed)
     */
    public boolean poll(Duration timeout) {
        ensureOpen();
        long deadline = deadlineOf(timeout);
        pollCalled();
        commits.runCallbacks();
        throwIfFatal();
        maybeAutoCommit();
        if (subscription == null) {
            return false;
        }
        if (!refreshPattern(deadline)) {
            return false;
        }
        checkLeaderMetadata();
        boolean stable;
        try {
            stable = driveMembership(deadline);
        } finally {
            pollCalled();
        }
        RuntimeException error = callbackError;
        if (error != null) {
            callbackError = null;
            throw error instanceof KurierException ? error
                    : new KurierException("a rebalance listener of group " + config.groupId() + " threw: " + error, error);
        }
        return stable;
    }

    private boolean driveMembership(long deadline) {
        while (true) {
            throwIfFatal();
            if (pendingJoin != null) {
                if (!await(pendingJoin, deadline)) {
                    return false;
                }
                JoinOutcome outcome = pendingJoin.join();
                pendingJoin = null;
                handle(outcome);
                continue;
            }
            if (membership.needsRejoin()) {
                if (needsPrepare) {
                    if (!prepareRejoin(deadline)) {
                        return false;
                    }
                    needsPrepare = false;
                }
                startJoin();
                continue;
            }
            return membership.state() == MemberState.STABLE;
        }
    }

    /** Before joining: auto-commit and revoke (eager), or declare lost what a dropped membership owned. */
    private boolean prepareRejoin(long deadline) {
        leaderTopicCounts = null;
        if (owned.isEmpty()) {
            return true;
        }
        Generation g = membership.generation();
        if (!g.isValid()) {
            Set<TopicPartition> lost = new LinkedHashSet<>(owned);
            log.info("group {}: membership was reset; giving up {} partition(s) as lost", config.groupId(), lost.size());
            owned.clear();
            pendingPrepareCommit = null; // its generation is gone
            invoke("onPartitionsLost", () -> listener.onPartitionsLost(lost));
            return true;
        }
        if (config.autoCommit() && autoCommitSource != null) {
            if (pendingPrepareCommit == null) {
                pendingPrepareCommit = startAutoCommit(g, "before rejoining");
            }
            if (!await(pendingPrepareCommit, deadline)) {
                return false;
            }
            pendingPrepareCommit = null;
        }
        Set<TopicPartition> revoked = new LinkedHashSet<>();
        if (ctx.protocol() == RebalanceProtocol.EAGER) {
            revoked.addAll(owned);
        } else {
            for (TopicPartition tp : owned) {
                if (!subscription.contains(tp.topic())) {
                    revoked.add(tp); // no longer subscribed: give it up before asking for the rest
                }
            }
        }
        if (!revoked.isEmpty()) {
            owned.removeAll(revoked);
            invoke("onPartitionsRevoked", () -> listener.onPartitionsRevoked(revoked));
        }
        return true;
    }

    private void startJoin() {
        String reason = membership.rejoinReason();
        Generation g = membership.generation();
        Set<String> topics = Set.copyOf(subscription);
        List<TopicPartition> ownedNow = ctx.protocol() == RebalanceProtocol.COOPERATIVE ? List.copyOf(owned) : List.of();
        List<JoinGroupRequest.Protocol> protocols = new ArrayList<>();
        for (ConsumerPartitionAssignor a : ctx.assignors()) {
            byte[] userData = a.subscriptionUserData(topics);
            protocols.add(new JoinGroupRequest.Protocol(a.name(), ProtocolMapping.subscriptionBytes(subscription,
                    userData, ownedNow, g.generationId(), config.rackId())));
        }
        int epoch = membership.beginJoin();
        log.info("group {}: (re)joining{}", config.groupId(), reason.isEmpty() ? "" : ": " + reason);
        pendingJoin = new JoinRound(ctx, heartbeater, epoch, protocols,
                reason.isEmpty() ? "joining the group" : reason).start();
        pendingJoin.whenComplete((o, e) -> wake());
    }

    private void handle(JoinOutcome outcome) {
        if (outcome instanceof JoinOutcome.Joined joined) {
            onJoined(joined);
        } else if (outcome instanceof JoinOutcome.Lost lost) {
            needsPrepare = true;
            if (!owned.isEmpty()) {
                Set<TopicPartition> gone = new LinkedHashSet<>(owned);
                owned.clear();
                log.info("group {}: {}; giving up {} partition(s) as lost", config.groupId(), lost.reason(),
                        gone.size());
                invoke("onPartitionsLost", () -> listener.onPartitionsLost(gone));
            }
        } else if (outcome instanceof JoinOutcome.Failed failed) {
            needsPrepare = true;
            throw failed.error();
        }
        // Abandoned: a newer round or a leave replaced it.
    }

    private void onJoined(JoinOutcome.Joined joined) {
        needsPrepare = true;
        Assignment assignment = joined.assignment();
        Set<TopicPartition> assigned = new LinkedHashSet<>(assignment.partitions());
        Set<String> unexpected = new TreeSet<>();
        for (TopicPartition tp : assigned) {
            if (!subscription.contains(tp.topic())) {
                unexpected.add(tp.topic());
            }
        }
        if (!unexpected.isEmpty()) {
            // The subscription changed while the round ran: ask for an assignment that matches it.
            log.warn("group {}: the assignment includes topics {} this member does not subscribe to; rejoining",
                    config.groupId(), unexpected);
            membership.requestRejoin("assignment does not match the subscription");
            return;
        }
        int generationId = joined.generation().generationId();
        ConsumerPartitionAssignor assignor = ctx.assignor(joined.generation().protocolName());
        leaderTopicCounts = joined.leaderTopicCounts();
        if (ctx.protocol() == RebalanceProtocol.COOPERATIVE) {
            Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
            revoked.removeAll(assigned);
            Set<TopicPartition> added = new LinkedHashSet<>(assigned);
            added.removeAll(owned);
            if (!revoked.isEmpty()) {
                owned.removeAll(revoked);
                invoke("onPartitionsRevoked", () -> listener.onPartitionsRevoked(revoked));
                // The second phase: rejoin without them, so the leader can give them to their new owner.
                membership.requestRejoin("revoked " + revoked.size() + " partition(s) that move to other members");
            }
            owned.addAll(added);
            if (assignor != null) {
                assignor.onAssignment(assignment, generationId);
            }
            invoke("onPartitionsAssigned", () -> listener.onPartitionsAssigned(added));
        } else {
            owned.clear();
            owned.addAll(assigned);
            if (assignor != null) {
                assignor.onAssignment(assignment, generationId);
            }
            Set<TopicPartition> all = new LinkedHashSet<>(assigned);
            invoke("onPartitionsAssigned", () -> listener.onPartitionsAssigned(all));
        }
    }

    /** As leader, rejoin when a subscribed topic's partition count changed since the assignment. */
    private void checkLeaderMetadata() {
        Map<String, Integer> counts = leaderTopicCounts;
        if (counts == null || membership.state() != MemberState.STABLE) {
            return;
        }
        ClusterSnapshot snapshot = metadata.snapshot();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            TopicInfo t = snapshot.topic(e.getKey());
            if (t == null && snapshot.topicError(e.getKey()) == 0) {
                // Not in the cache yet: fetch it once; the periodic refresh (metadata.max.age.ms) keeps it current.
                metadata.requestUpdate();
                continue;
            }
            if (t != null && t.partitionCount() != e.getValue()) {
                leaderTopicCounts = null;
                membership.requestRejoin("topic " + e.getKey() + " now has " + t.partitionCount()
                        + " partition(s), " + e.getValue() + " when assigned");
                return;
            }
        }
    }

    private void invoke(String what, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("group {}: rebalance listener {} threw", config.groupId(), what, e);
            if (callbackError == null) {
                callbackError = e;
            } else {
                callbackError.addSuppressed(e);
            }
        }
    }

    /** The partitions this member owns now (as announced to the listener). Polling thread. */
    public Set<TopicPartition> assignment() {
        return Set.copyOf(owned);
    }

    /** This member's identity in the group. Any thread. */
    public GroupMetadata groupMetadata() {
        Generation g = membership.generation();
        return new GroupMetadata(config.groupId(), g.generationId(), g.memberId(), config.groupInstanceId());
    }

    /** Whether the member is in a stable generation. Any thread. */
    public boolean isStable() {
        return membership.state() == MemberState.STABLE;
    }

    /** Whether a rejoin is due or under way (for tests that wait for a settled group). Polling thread. */
    boolean membershipRejoinPending() {
        return pendingJoin != null || membership.needsRejoin();
    }

    /** Makes the member rejoin at its next poll (kafka-clients' {@code enforceRebalance}). Any thread. */
    public void enforceRebalance(String reason) {
        membership.requestRejoin(reason == null ? "rebalance requested by the application" : reason);
    }

    /** Makes a {@link #poll} waiting for a rebalance return {@code false} at once. Any thread. */
    public void wakeup() {
        commits.wakeup();
    }

    /**
     * Revokes the assignment (listener), leaves the group (LeaveGroup for a dynamic member) and forgets the
     * subscription. Polling thread.
     */
    public void unsubscribe() {
        ensureOpen();
        if (subscription == null) {
            return;
        }
        leave("the consumer unsubscribed", deadlineOf(config.defaultApiTimeout()));
        subscription = null;
        patternSubscription = null;
        metadata.requireAllTopics(this, false);
        listener = ConsumerRebalanceListener.NOOP;
    }

    private void leave(String reason, long deadline) {
        if (!owned.isEmpty()) {
            Generation g = membership.generation();
            if (config.autoCommit() && autoCommitSource != null && membership.generationIfStable() != null) {
                await(startAutoCommit(g, "before leaving"), deadline);
            }
            Set<TopicPartition> dropped = new LinkedHashSet<>(owned);
            owned.clear();
            if (!g.isValid() || membership.rebalancing()) {
                invoke("onPartitionsLost", () -> listener.onPartitionsLost(dropped));
            } else {
                invoke("onPartitionsRevoked", () -> listener.onPartitionsRevoked(dropped));
            }
        }
        Generation was = membership.leave();
        pendingJoin = null;
        pendingPrepareCommit = null;
        needsPrepare = true;
        leaderTopicCounts = null;
        await(GroupLeave.send(ctx, was, reason), deadline);
    }

    // ---- offsets -------------------------------------------------------------------------------------

    /**
     * Commits {@code offsets} and waits for the result, up to {@code timeout}. Polling thread.
     *
     * @throws RebalanceInProgressException if the group is rebalancing (poll, then commit again)
     * @throws CommitFailedException        if the member's generation is gone
     * @throws GroupTimeoutException        if the commit did not finish in time
     * @throws dev.kurier.client.protocol.KafkaErrorException for other errors, after retries
     */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        ensureOpen();
        commits.runCallbacks();
        throwIfFatal();
        commits.commitSync(offsets, commitGeneration(), timeout);
    }

    /** {@link #commitSync(Map, Duration)} within {@code default.api.timeout.ms}. */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets, config.defaultApiTimeout());
    }

    /**
     * Commits {@code offsets} without waiting. {@code callback} (nullable) runs on the polling thread during a
     * later poll, commitSync or close. The returned future completes on a network thread: do not block in its
     * callbacks. Any thread.
     */
    public CompletableFuture<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                               OffsetCommitCallback callback) {
        ensureOpen();
        return commits.commitAsync(offsets, () -> {
            throwIfFatal();
            return commitGeneration();
        }, callback);
    }

    /**
     * The committed offsets of {@code partitions}, waiting up to {@code timeout}; partitions without a committed
     * offset are absent. Polling thread (it also runs completed commit callbacks).
     */
    public Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions, Duration timeout) {
        ensureOpen();
        return commits.committed(partitions, timeout);
    }

    /**
     * The committed offsets of {@code partitions}, without blocking (the future completes on a network or group
     * thread). Any thread.
     */
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committedAsync(
            Collection<TopicPartition> partitions, Duration timeout) {
        ensureOpen();
        return commits.committedAsync(partitions, timeout);
    }

    /**
     * The committed offsets last seen per partition (this member's successful commits and the offsets it fetched), a
     * live read-only view for metrics; no request is made. Any thread.
     */
    public Map<TopicPartition, Long> knownCommitted() {
        return commits.knownCommitted();
    }

    /** The generation to commit as: none without a subscription, else the stable one. */
    private Generation commitGeneration() {
        if (subscription == null) {
            return Generation.NONE;
        }
        Generation g = membership.generationIfStable();
        if (g != null) {
            return g;
        }
        if (membership.rebalancing()) {
            throw new RebalanceInProgressException("Offset commit for group " + config.groupId() + " cannot complete:"
                    + " this member is rebalancing. Finish the rebalance by calling poll(), then commit again the "
                    + "partitions still assigned.");
        }
        throw new CommitFailedException("Offset commit for group " + config.groupId() + " cannot complete: this "
                + "member is not part of an active generation (not joined yet, or dropped out of the group, e.g. "
                + "after max.poll.interval.ms without poll()). Call poll() to (re)join.");
    }

    private void onCommitMembershipError(Generation generation, Errors error) {
        switch (error) {
            case REBALANCE_IN_PROGRESS -> {
                if (generation.isValid()) {
                    membership.requestRejoin("a commit answered REBALANCE_IN_PROGRESS");
                }
            }
            case ILLEGAL_GENERATION -> {
                if (generation.isValid()) {
                    membership.reset(generation, true, "a commit answered ILLEGAL_GENERATION");
                }
            }
            case UNKNOWN_MEMBER_ID -> {
                if (generation.hasMemberId()) {
                    membership.reset(generation, false, "a commit answered UNKNOWN_MEMBER_ID");
                }
            }
            case FENCED_INSTANCE_ID -> membership.fail(error.exception("group " + config.groupId()
                    + ": another consumer joined with group.instance.id " + config.groupInstanceId()));
            default -> {
            }
        }
    }

    private void maybeAutoCommit() {
        if (!config.autoCommit() || autoCommitSource == null || System.nanoTime() < nextAutoCommitNanos) {
            return;
        }
        nextAutoCommitNanos = System.nanoTime() + config.autoCommitInterval().toNanos();
        Generation g = subscription == null ? Generation.NONE : membership.generationIfStable();
        if (g == null) {
            return; // rebalancing: the commit before the rejoin covers it
        }
        startAutoCommit(g, "periodic");
    }

    private CompletableFuture<Void> startAutoCommit(Generation g, String why) {
        List<String> topics = subscription;
        // A matched topic that left the listing was deleted: committing for it only fails (and holds up the other
        // partitions' commit through its retries).
        boolean filter = patternSubscription != null && topics != null;
        return commits.autoCommit(autoCommitSource, tp -> !filter || topics.contains(tp.topic()), g, why);
    }

    // ---- closing -------------------------------------------------------------------------------------

    /**
     * Commits (auto-commit), revokes the assignment, leaves the group (dynamic members only: a static member's
     * partitions wait {@code session.timeout.ms} for it to come back) and releases the threads, within
     * {@code timeout}. Polling thread.
     */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        long deadline = deadlineOf(timeout);
        try {
            commits.runCallbacks();
            if (membership.fatal() == null) {
                if (subscription != null) {
                    leave("the consumer is being closed", deadline);
                } else if (config.autoCommit() && autoCommitSource != null) {
                    await(startAutoCommit(Generation.NONE, "on close"), deadline);
                }
            }
            commits.awaitInFlight(deadline);
            commits.runCallbacks();
        } finally {
            closed = true;
            metadata.requireAllTopics(this, false);
            membership.leave();
            heartbeater.stop();
            executor.shutdownNow();
            network.close();
            log.info("group {}: member closed", config.groupId());
        }
        RuntimeException error = callbackError;
        if (error != null) {
            callbackError = null;
            throw new KurierException("a rebalance listener of group " + config.groupId() + " threw on close", error);
        }
    }

    /** {@link #close(Duration)} within {@code default.api.timeout.ms}. */
    @Override
    public void close() {
        close(config.defaultApiTimeout());
    }

    /**
     * Stops everything without leaving the group or calling the listener, as if the process died: the group
     * notices after {@code session.timeout.ms}. For tests.
     */
    void killForTest() {
        closed = true;
        heartbeater.stop();
        executor.shutdownNow();
        network.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the group member of " + config.groupId() + " is closed");
        }
    }

    private void throwIfFatal() {
        RuntimeException fatal = membership.fatal();
        if (fatal != null) {
            throw fatal;
        }
    }

    private void wake() {
        commits.wake();
    }

    private boolean await(CompletableFuture<?> f, long deadlineNanos) {
        return commits.await(f, deadlineNanos);
    }

    private static long deadlineOf(Duration timeout) {
        return GroupCommits.deadlineOf(timeout);
    }
}
