package dev.kurier.client.cluster;

import dev.kurier.client.common.Clock;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.AuthenticationException;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.MetadataRequest;
import dev.kurier.client.protocol.message.MetadataResponse;
import dev.kurier.client.protocol.Request;
import dev.kurier.client.protocol.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's view of the cluster: bootstraps from {@code bootstrap.servers}, keeps the latest
 * {@link ClusterSnapshot} for the topics anyone asked about, and refreshes it every
 * {@code metadata.max.age.ms} and whenever a caller reports stale metadata ({@link #requestUpdate()}, on
 * NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION and the like), at most once per {@code retry.backoff.ms}.
 *
 * <p>Concurrent refresh requests share one metadata round trip. A round tries the known brokers, then the
 * bootstrap addresses, until one answers or {@code request.timeout.ms} has passed; the error then names every
 * address tried and why it failed.
 */
public final class MetadataManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetadataManager.class);

    /** How often a wait for the clock looks at it again. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private final MetadataConfig config;
    private final Clock clock;
    private final NetworkClient network;
    private final ScheduledExecutorService scheduler;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();

    private volatile ClusterSnapshot snapshot = ClusterSnapshot.EMPTY;
    private volatile long lastRefreshNanos;
    private CompletableFuture<ClusterSnapshot> inFlight; // guarded by this
    private boolean updateScheduled; // guarded by this
    private volatile boolean closed;
    private final String clientId;
    private final java.util.concurrent.atomic.AtomicLong leaderHints = new java.util.concurrent.atomic.AtomicLong();

    /** Starts the periodic refresh; the first round trip happens on first use. */
    public MetadataManager(MetadataConfig config, NetworkClient network, String clientId) {
        this(config, network, clientId, Clock.SYSTEM);
    }

    /** As above, measuring refresh back-off and metadata age with {@code clock}, which the client's parts share. */
    public MetadataManager(MetadataConfig config, NetworkClient network, String clientId, Clock clock) {
        this.clock = clock;
        this.config = config;
        this.clientId = clientId;
        this.network = network;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kurier-metadata-" + clientId);
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(100, Math.min(config.maxAge().toMillis(), 1000));
        scheduler.scheduleWithFixedDelay(this::refreshIfOld, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** The latest snapshot (possibly {@link ClusterSnapshot#EMPTY} before the first response). */
    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    /** Adds topics to those kept up to date. */
    public void track(Collection<String> names) {
        topics.addAll(names);
    }

    /** Stops keeping {@code names} up to date. */
    public void untrack(Collection<String> names) {
        topics.removeAll(names);
    }

    /** The topics kept up to date. */
    public Set<String> trackedTopics() {
        return Collections.unmodifiableSet(topics);
    }

    /** Refreshes now (sharing a round trip already under way) and returns the new snapshot. */
    public synchronized CompletableFuture<ClusterSnapshot> refresh() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
        }
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<ClusterSnapshot> f = sendToAnyBroker(allTopicsHolders.isEmpty()
                ? forTopics(List.copyOf(topics), config.allowAutoTopicCreation())
                : allTopics())
                .thenApply(resp -> {
                    ClusterSnapshot s;
                    synchronized (MetadataManager.this) {
                        s = toSnapshot(resp, clock.nanoTime()).keepingNewerLeaders(snapshot);
                        snapshot = s;
                    }
                    lastRefreshNanos = s.createdNanos();
                    log.debug("metadata refreshed: {}", s);
                    return s;
                });
        inFlight = f;
        f.whenComplete((s, e) -> {
            synchronized (MetadataManager.this) {
                inFlight = null;
            }
        });
        return f;
    }

    /** The client's clock: producers and consumers over this metadata measure time with it. */
    public Clock clock() {
        return clock;
    }

    /**
     * Asks for a refresh because a response said our metadata is stale. Rate-limited by {@code retry.backoff.ms};
     * returns at once.
     */
    public synchronized void requestUpdate() {
        if (closed || updateScheduled) {
            return;
        }
        long wait = backoffLeft();
        if (wait <= 0 && inFlight == null) {
            refresh();
            return;
        }
        updateScheduled = true;
        scheduleUpdate(wait);
    }

    /**
     * How long until retry.backoff.ms has passed since the last refresh, by the clock; 0 when it never refreshed
     * (0 means "never", not "at time 0": the clock's origin is arbitrary).
     */
    private long backoffLeft() {
        return lastRefreshNanos == 0 ? 0 : lastRefreshNanos + config.retryBackoff().toNanos() - clock.nanoTime();
    }

    /**
     * Refreshes once the back-off has passed as the clock measures it, looking again at least every 100 ms (a
     * manual clock in tests moves without the scheduler knowing).
     */
    private void scheduleUpdate(long waitNanos) {
        try {
            scheduler.schedule(() -> {
                synchronized (MetadataManager.this) {
                    long left = backoffLeft();
                    if (left > 0 && !closed) {
                        scheduleUpdate(left);
                        return;
                    }
                    updateScheduled = false;
                }
                refresh();
            }, Math.max(1, Math.min(waitNanos, RECHECK_NANOS)), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closedNow) {
            updateScheduled = false;
        }
    }

    /**
     * Completes with the topic's metadata once it is known with a leader for every partition; tracks it from now
     * on. Fails after {@code maxWait} with {@link UnknownTopicException} naming the topic, or at once when the
     * broker says the topic name is invalid or we may not see it.
     */
    public CompletableFuture<TopicInfo> awaitTopic(String topic, Duration maxWait) {
        topics.add(topic);
        CompletableFuture<TopicInfo> result = new CompletableFuture<>();
        long deadline = clock.nanoTime() + maxWait.toNanos();
        checkTopic(topic, deadline, maxWait, result, true);
        return result;
    }

    private void checkTopic(String topic, long deadline, Duration maxWait, CompletableFuture<TopicInfo> result,
                            boolean useCached) {
        TopicInfo t = snapshot.topic(topic);
        if (useCached && t != null && t.allLeadersKnown()) {
            result.complete(t);
            return;
        }
        refresh().whenComplete((s, err) -> {
            if (err != null && unwrap(err) instanceof AuthenticationException auth) {
                result.completeExceptionally(auth);
                return;
            }
            if (s != null) {
                TopicInfo ti = s.topic(topic);
                if (ti != null && ti.allLeadersKnown()) {
                    result.complete(ti);
                    return;
                }
                Errors e = Errors.forCode(s.topicError(topic));
                if (e == Errors.TOPIC_AUTHORIZATION_FAILED || e == Errors.INVALID_TOPIC_EXCEPTION) {
                    result.completeExceptionally(new UnknownTopicException(topic, "cannot be used: " + e.name()));
                    return;
                }
            }
            String why = s == null ? "metadata could not be fetched: " + messageOf(err)
                    : s.topicError(topic) != 0 ? "the broker answers " + Errors.forCode(s.topicError(topic)).name()
                    : "some partitions have no leader";
            long backoff = Math.max(config.retryBackoff().toNanos(), TimeUnit.MILLISECONDS.toNanos(20));
            lookAgain(topic, deadline, maxWait, result, clock.nanoTime() + backoff, why);
        });
    }

    /**
     * Looks at {@code topic} again at {@code lookAt}, or gives up at {@code deadline} (both by the clock, checked at
     * least every 100 ms), naming {@code why} it was not available.
     */
    private void lookAgain(String topic, long deadline, Duration maxWait, CompletableFuture<TopicInfo> result,
                           long lookAt, String why) {
        long now = clock.nanoTime();
        if (deadline - now <= 0) {
            result.completeExceptionally(new UnknownTopicException(topic, "not available after " + maxWait.toMillis()
                    + " ms (" + why + ")"));
            return;
        }
        if (lookAt - now <= 0) {
            checkTopic(topic, deadline, maxWait, result, false);
            return;
        }
        long wait = Math.min(Math.min(lookAt, deadline) - now, RECHECK_NANOS);
        try {
            scheduler.schedule(() -> lookAgain(topic, deadline, maxWait, result, lookAt, why), Math.max(1, wait),
                    TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closedNow) {
            result.completeExceptionally(new IllegalStateException("client is closed"));
        }
    }

    /**
     * Takes a new leader that a Produce or Fetch response named for {@code tp} (KIP-951), with the endpoints it gave,
     * so that the next request goes there at once instead of after a metadata refresh. Ignored unless its epoch is
     * newer than the one known. Returns whether the leader changed.
     */
    public boolean leaderMoved(TopicPartition tp, int leaderId, int leaderEpoch, Collection<Node> endpoints) {
        synchronized (this) {
            ClusterSnapshot s = snapshot.withLeader(tp, leaderId, leaderEpoch, endpoints);
            if (s == null) {
                return false;
            }
            snapshot = s;
        }
        leaderHints.incrementAndGet();
        log.debug("{}: leader of {} is now broker {} (epoch {}), as a response said", clientId, tp, leaderId,
                leaderEpoch);
        return true;
    }

    /** How many partition leaders were learned from Produce and Fetch responses (KIP-951) rather than metadata. */
    public long leaderHints() {
        return leaderHints.get();
    }

    /** The leader of {@code tp} from the cached snapshot, or {@code null}. */
    public Node leader(TopicPartition tp) {
        return snapshot.leader(tp);
    }

    /** Fetches metadata for every topic in the cluster (one round trip; not cached: the cache holds what is tracked). */
    public CompletableFuture<ClusterSnapshot> describeAll() {
        return sendToAnyBroker(allTopics()).thenApply(r -> toSnapshot(r, clock.nanoTime()));
    }

    /** Fetches metadata for {@code names} once, without tracking or caching them. */
    public CompletableFuture<ClusterSnapshot> describe(Collection<String> names) {
        return sendToAnyBroker(forTopics(List.copyOf(names), false)).thenApply(r -> toSnapshot(r, clock.nanoTime()));
    }

    /**
     * Sends {@code request} to one broker, failing over to the next known broker and then to the bootstrap
     * addresses until one answers or {@code request.timeout.ms} has passed. For requests any broker can serve
     * (Metadata, CreateTopics, DeleteTopics, FindCoordinator, ...).
     */
    public <R extends Response> CompletableFuture<R> sendToAnyBroker(Request<R> request) {
        CompletableFuture<R> f = new CompletableFuture<>();
        tryNext(candidates(), 0, clock.nanoTime() + config.requestTimeout().toNanos(), request, new ArrayList<>(), f);
        return f;
    }

    private void refreshIfOld() {
        try {
            if (clock.nanoTime() - lastRefreshNanos >= config.maxAge().toNanos() && lastRefreshNanos != 0) {
                refresh();
            }
        } catch (RuntimeException e) {
            log.debug("periodic metadata refresh failed to start", e);
        }
    }

    private List<Endpoint> candidates() {
        LinkedHashSet<Endpoint> out = new LinkedHashSet<>();
        List<Endpoint> known = new ArrayList<>();
        for (Node n : snapshot.nodes()) {
            known.add(new Endpoint(n.host(), n.port()));
        }
        Collections.shuffle(known);
        // Brokers we are already connected to first: no connection setup needed.
        for (Endpoint e : known) {
            if (network.connection(e).isReady()) {
                out.add(e);
            }
        }
        out.addAll(known);
        out.addAll(config.bootstrap());
        return new ArrayList<>(out);
    }

    private <R extends Response> void tryNext(List<Endpoint> candidates, int index, long deadline, Request<R> request,
                                              List<String> failures, CompletableFuture<R> result) {
        long left = deadline - clock.nanoTime();
        long backoff = Math.max(config.retryBackoff().toNanos(), TimeUnit.MILLISECONDS.toNanos(20));
        if (index >= candidates.size() && left > backoff) {
            // Every address failed this round (a dropped connection, a broker restarting): try them all again after
            // the backoff, until the deadline, as kafka-clients does. The failures of the last round are reported.
            log.debug("no broker answered a {} request this round ({}); trying again", request.apiKey().displayName,
                    failures);
            List<String> lastRound = new ArrayList<>(failures);
            try {
                scheduler.schedule(() -> {
                    failures.clear();
                    failures.addAll(lastRound.subList(Math.max(0, lastRound.size() - 8), lastRound.size()));
                    tryNext(candidates(), 0, deadline, request, failures, result);
                }, backoff, TimeUnit.NANOSECONDS);
                return;
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the client is closing: report what failed
            }
        }
        if (index >= candidates.size() || left <= 0) {
            String tried = failures.isEmpty() ? "none" : String.join(", ", failures);
            result.completeExceptionally(new BootstrapException("no broker answered a " + request.apiKey().displayName
                    + " request within " + config.requestTimeout().toMillis() + " ms (request.timeout.ms); tried: "
                    + tried, null));
            return;
        }
        Endpoint ep = candidates.get(index);
        network.connection(ep).send(request)
                .orTimeout(left, TimeUnit.NANOSECONDS)
                .whenComplete((resp, err) -> {
                    if (err != null) {
                        if (unwrap(err) instanceof dev.kurier.client.network.UnsupportedApiException
                                || unwrap(err) instanceof AuthenticationException) {
                            // The next broker has the same credentials and certificates: fail with the cause now.
                            result.completeExceptionally(unwrap(err));
                            return;
                        }
                        failures.add(ep + " (" + messageOf(err) + ")");
                        tryNext(candidates, index + 1, deadline, request, failures, result);
                        return;
                    }
                    result.complete(resp);
                });
    }

    private static Throwable unwrap(Throwable err) {
        return err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
    }

    private static String messageOf(Throwable err) {
        Throwable t = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        if (t instanceof TimeoutException) {
            return "no answer in time";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** A Metadata request for every topic of the cluster. */
    static MetadataRequest allTopics() {
        return MetadataRequest.builder().topics(null).allowAutoTopicCreation(false).build();
    }

    /** A Metadata request for these topics, by name. */
    static MetadataRequest forTopics(Collection<String> names, boolean allowAutoTopicCreation) {
        List<MetadataRequest.Topic> topics = new ArrayList<>(names.size());
        for (String name : names) {
            topics.add(MetadataRequest.Topic.builder().name(name).build());
        }
        return MetadataRequest.builder().topics(topics).allowAutoTopicCreation(allowAutoTopicCreation).build();
    }

    static ClusterSnapshot toSnapshot(MetadataResponse resp, long nowNanos) {
        Map<Integer, Node> nodes = new HashMap<>();
        for (MetadataResponse.Broker b : resp.brokers()) {
            nodes.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        Map<String, TopicInfo> topics = new HashMap<>();
        Map<String, Short> errors = new HashMap<>();
        for (MetadataResponse.Topic t : resp.topics()) {
            if (t.name() == null) {
                continue;
            }
            if (t.errorCode() != 0) {
                errors.put(t.name(), t.errorCode());
                if (t.partitions().isEmpty()) {
                    continue;
                }
            }
            PartitionInfo[] parts = new PartitionInfo[t.partitions().size()];
            boolean dense = true;
            for (MetadataResponse.Partition p : t.partitions()) {
                int i = p.partitionIndex();
                if (i < 0 || i >= parts.length) {
                    dense = false;
                    break;
                }
                parts[i] = new PartitionInfo(new TopicPartition(t.name(), i), p.leaderId(), p.leaderEpoch(),
                        List.copyOf(p.replicaNodes()), List.copyOf(p.isrNodes()), List.copyOf(p.offlineReplicas()),
                        p.errorCode());
            }
            if (!dense) {
                errors.put(t.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code);
                continue;
            }
            topics.put(t.name(), new TopicInfo(t.name(), t.topicId(), t.isInternal(), List.of(parts)));
        }
        return new ClusterSnapshot(resp.clusterId(), resp.controllerId(), nodes, topics, errors, nowNanos);
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }

    /** Who needs metadata for every topic (pattern subscriptions); see {@link #requireAllTopics}. */
    private final Set<Object> allTopicsHolders = ConcurrentHashMap.newKeySet();

    /**
     * Registers ({@code required}) or releases {@code holder} as needing metadata for every topic of the cluster, as a
     * pattern subscription does. While any holder is registered, refreshes ask for all topics instead of the tracked
     * ones: such a request creates no topic, so a deleted topic that matched a pattern is not brought back by
     * {@code allow.auto.create.topics} (kafka-clients does the same for pattern subscriptions).
     */
    public void requireAllTopics(Object holder, boolean required) {
        if (required) {
            allTopicsHolders.add(holder);
        } else {
            allTopicsHolders.remove(holder);
        }
    }
}
