package dev.kurier.spring.health;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.ClusterDescription;
import dev.kurier.client.admin.GroupDescription;
import dev.kurier.spring.listener.ContainerState;
import dev.kurier.spring.listener.InFlightRecord;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.ListenerContainer;
import dev.kurier.spring.listener.ShareListenerContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code kurier} health contributor. UP when the cluster answers a metadata request within
 * {@code kurier.health.timeout} and every listener container that should run does and makes progress; DOWN when a
 * container is not running, its polls keep failing ({@value #POLL_FAILURES_DOWN} in a row), a listener call has run
 * longer than {@code kurier.health.stuck-timeout} (details name the topic-partition and offset), its lag grew while
 * nothing was acknowledged for that long, a topic it listens to does not exist, or (with
 * {@code kurier.health.max-lag}) it lags further behind. Details: cluster id, broker count, and per listener its
 * state, partitions, lag and last error.
 */
public class KurierHealthIndicator implements HealthIndicator {

    private final KurierClient client;
    private final KurierListenerRegistry registry;
    private final Duration timeout;
    private final Long maxLag;
    private final Duration stuckTimeout;

    /** Polls failing in a row that make a listener DOWN. */
    public static final int POLL_FAILURES_DOWN = 3;

    /** A contributor with a stuck timeout of 5 minutes. */
    public KurierHealthIndicator(KurierClient client, KurierListenerRegistry registry, Duration timeout, Long maxLag) {
        this(client, registry, timeout, maxLag, Duration.ofMinutes(5));
    }

    /** A contributor checking {@code client} and the containers of {@code registry} (may be {@code null}). */
    public KurierHealthIndicator(KurierClient client, KurierListenerRegistry registry, Duration timeout, Long maxLag,
                                 Duration stuckTimeout) {
        this.client = client;
        this.registry = registry;
        this.timeout = timeout;
        this.maxLag = maxLag;
        this.stuckTimeout = stuckTimeout;
    }

    @Override
    public Health health() {
        Health.Builder b = Health.up();
        boolean down = false;
        try {
            ClusterDescription cluster = client.admin().describeCluster().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            b.withDetail("clusterId", String.valueOf(cluster.clusterId()));
            b.withDetail("brokers", cluster.brokers().size());
            if (cluster.brokers().isEmpty()) {
                down = true;
                b.withDetail("error", "the cluster reports no brokers");
            }
        } catch (TimeoutException e) {
            down = true;
            b.withDetail("error", "the cluster did not answer within " + timeout.toMillis() + " ms (kurier.health.timeout)");
        } catch (ExecutionException e) {
            down = true;
            Throwable c = e.getCause() == null ? e : e.getCause();
            b.withDetail("error", c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            down = true;
            b.withDetail("error", "interrupted");
        } catch (RuntimeException e) {
            down = true;
            b.withDetail("error", String.valueOf(e.getMessage()));
        }
        if (registry != null) {
            Set<String> existing = down ? null : existingTopics(registry);
            Map<String, Object> listeners = new LinkedHashMap<>();
            for (ListenerContainer c : registry.containers()) {
                Map<String, Object> d = new LinkedHashMap<>();
                ContainerState state = c.state();
                d.put("state", state.name());
                d.put("partitions", c.assignment().size());
                d.put("maxLag", c.maxLag());
                if (c.endpoint().groupId() != null) {
                    d.put("groupId", c.endpoint().groupId());
                }
                if (c.sourceMode() != null) {
                    d.put("mode", c.sourceMode());
                }
                Throwable err = c.lastError();
                if (err != null) {
                    d.put("error", err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage());
                }
                boolean ok = !c.isDesiredRunning() || state == ContainerState.RUNNING || state == ContainerState.PAUSED;
                if (!ok) {
                    down = true;
                }
                if (c.isDesiredRunning() && progressProblems(c, existing, d)) {
                    down = true;
                }
                if (maxLag != null && c.maxLag() > maxLag) {
                    down = true;
                    d.put("lagOverLimit", "lag " + c.maxLag() + " > kurier.health.max-lag " + maxLag);
                }
                listeners.put(c.id(), d);
            }
            for (ShareListenerContainer c : registry.shareContainers()) {
                if (shareProblems(c, existing, listeners)) {
                    down = true;
                }
            }
            b.withDetail("listeners", listeners);
        }
        if (down) {
            b.down();
        }
        return b.build();
    }

    /** Adds to {@code d} why {@code c} runs but does not progress; whether it does not. */
    private boolean progressProblems(ListenerContainer c, Set<String> existing, Map<String, Object> d) {
        boolean problem = false;
        if (c.consecutivePollFailures() >= POLL_FAILURES_DOWN) {
            d.put("pollFailures", c.consecutivePollFailures());
            problem = true;
        }
        Optional<InFlightRecord> longest = c.longestRunningCall();
        if (longest.isPresent() && longest.get().running().compareTo(stuckTimeout) > 0) {
            d.put("stuck", longest.get() + ", longer than kurier.health.stuck-timeout (" + stuckTimeout.toMillis()
                    + " ms)");
            problem = true;
        }
        long lag = c.totalLag();
        if (c.pendingRecords() > 0 && c.sinceProgress().compareTo(stuckTimeout) > 0 && lag > c.lagAtProgress()) {
            d.put("noProgress", "lag grew from " + c.lagAtProgress() + " to " + lag + " while nothing was acknowledged"
                    + " for " + c.sinceProgress().toMillis() + " ms (kurier.health.stuck-timeout)");
            problem = true;
        }
        if (existing != null && !c.endpoint().topics().isEmpty()) {
            List<String> missing = new ArrayList<>();
            for (String t : c.endpoint().topics()) {
                if (!existing.contains(t)) {
                    missing.add(t);
                }
            }
            if (!missing.isEmpty()) {
                d.put("missingTopics", missing);
                problem = true;
            }
        }
        return problem;
    }

    /**
     * Adds a share-group listener's details (state, share group and its state, counts) to {@code listeners}; whether
     * it is DOWN: a worker died, its polls keep failing, a call is stuck, or a topic it reads does not exist.
     */
    private boolean shareProblems(ShareListenerContainer c, Set<String> existing, Map<String, Object> listeners) {
        Map<String, Object> d = new LinkedHashMap<>();
        boolean problem = c.state() == ContainerState.FAILED;
        d.put("state", c.state().name());
        d.put("shareGroup", c.endpoint().groupId());
        try {
            String group = c.endpoint().groupId();
            GroupDescription g = client.admin().describeShareGroups(List.of(group)).value(group)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            d.put("groupState", g.state());
            d.put("members", g.members().size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            d.put("groupState", "unknown: " + cause.getMessage());
        }
        for (ShareListenerContainer.Count n : ShareListenerContainer.Count.values()) {
            d.put(n.name().toLowerCase(java.util.Locale.ROOT), c.count(n));
        }
        Throwable err = c.lastError();
        if (err != null) {
            d.put("error", err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage());
        }
        boolean active = c.state() == ContainerState.RUNNING || c.state() == ContainerState.PAUSED;
        if (active && c.consecutivePollFailures() >= POLL_FAILURES_DOWN) {
            d.put("pollFailures", c.consecutivePollFailures());
            problem = true;
        }
        Optional<InFlightRecord> longest = c.longestRunningCall();
        if (active && longest.isPresent() && longest.get().running().compareTo(stuckTimeout) > 0) {
            d.put("stuck", longest.get() + ", longer than kurier.health.stuck-timeout (" + stuckTimeout.toMillis()
                    + " ms)");
            problem = true;
        }
        if (active && existing != null) {
            List<String> missing = c.endpoint().topics().stream().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                d.put("missingTopics", missing);
                problem = true;
            }
        }
        listeners.put(c.id(), d);
        return problem;
    }

    /** The cluster's topics, when any running listener names topics; {@code null} when unknown (not checked). */
    private Set<String> existingTopics(KurierListenerRegistry registry) {
        boolean needed = false;
        for (ListenerContainer c : registry.containers()) {
            needed |= c.isDesiredRunning() && !c.endpoint().topics().isEmpty();
        }
        needed |= !registry.shareContainers().isEmpty();
        if (!needed) {
            return null;
        }
        try {
            return client.admin().listTopics().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return null; // the cluster check reports it
        }
    }
}
