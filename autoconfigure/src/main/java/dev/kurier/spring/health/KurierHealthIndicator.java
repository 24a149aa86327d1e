package dev.kurier.spring.health;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.ClusterDescription;
import dev.kurier.spring.listener.ContainerState;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.ListenerContainer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code kurier} health contributor. UP when the cluster answers a metadata request within
 * {@code kurier.health.timeout} and every listener container that should run does (and, with
 * {@code kurier.health.max-lag}, none lags further behind); DOWN otherwise. Details: cluster id, broker count,
 * and per listener its state, partitions, lag and last error.
 */
public class KurierHealthIndicator implements HealthIndicator {

    private final KurierClient client;
    private final KurierListenerRegistry registry;
    private final Duration timeout;
    private final Long maxLag;

    /** A contributor checking {@code client} and the containers of {@code registry} (may be {@code null}). */
    public KurierHealthIndicator(KurierClient client, KurierListenerRegistry registry, Duration timeout, Long maxLag) {
        this.client = client;
        this.registry = registry;
        this.timeout = timeout;
        this.maxLag = maxLag;
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
                if (maxLag != null && c.maxLag() > maxLag) {
                    down = true;
                    d.put("lagOverLimit", "lag " + c.maxLag() + " > kurier.health.max-lag " + maxLag);
                }
                listeners.put(c.id(), d);
            }
            b.withDetail("listeners", listeners);
        }
        if (down) {
            b.down();
        }
        return b.build();
    }
}
