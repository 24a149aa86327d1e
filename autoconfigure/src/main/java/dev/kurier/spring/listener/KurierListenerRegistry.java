package dev.kurier.spring.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;

/**
 * Every {@link ListenerContainer} of the application, by id. Starts the auto-startup containers with the
 * application context and stops all of them (in parallel) when it closes; in between, containers can be paused,
 * resumed, stopped and started by id.
 */
public class KurierListenerRegistry implements SmartLifecycle {

    private final Map<String, ListenerContainer> containers = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running;

    /**
     * Adds {@code container}; when the registry already runs, an auto-startup container starts at once.
     *
     * @throws IllegalStateException if the id is taken
     */
    public void register(ListenerContainer container) {
        if (containers.putIfAbsent(container.id(), container) != null) {
            throw new IllegalStateException("two listener containers with id '" + container.id()
                    + "': give one @KurierListener a distinct id");
        }
        order.add(container.id());
        if (running && container.isAutoStartup()) {
            container.start();
        }
    }

    /** All containers, in registration order. */
    public Collection<ListenerContainer> containers() {
        List<ListenerContainer> out = new ArrayList<>();
        for (String id : order) {
            ListenerContainer c = containers.get(id);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** The ids of all containers. */
    public List<String> ids() {
        return List.copyOf(order);
    }

    /** The container with this id, if any. */
    public Optional<ListenerContainer> container(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    /** The container with this id; {@link IllegalArgumentException} naming the known ids otherwise. */
    public ListenerContainer require(String id) {
        ListenerContainer c = containers.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no listener container '" + id + "'; known: " + order);
        }
        return c;
    }

    /** Pauses a container: it stops polling, records handed out are still processed. */
    public void pause(String id) {
        require(id).pause();
    }

    /** Resumes a paused container. */
    public void resume(String id) {
        require(id).resume();
    }

    /** Starts a container (again): it resumes after its last processed record. */
    public void start(String id) {
        require(id).start();
    }

    /** Stops a container and waits until it stopped (within its shutdown timeout). */
    public void stop(String id) {
        require(id).stop();
    }

    /** Checks every running container's poll loop (non-responsive events); one daemon thread for all. */
    private volatile java.util.concurrent.ScheduledExecutorService monitor;

    private void startMonitor() {
        java.util.concurrent.ScheduledExecutorService m = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "kurier-listener-monitor");
                    t.setDaemon(true);
                    return t;
                });
        m.scheduleWithFixedDelay(() -> {
            for (ListenerContainer c : containers()) {
                try {
                    c.checkResponsive(c.noPollThreshold());
                } catch (RuntimeException e) {
                    // a failing event listener must not end the monitor
                }
            }
        }, MONITOR_INTERVAL_SECONDS, MONITOR_INTERVAL_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        monitor = m;
    }

    private void stopMonitor() {
        java.util.concurrent.ScheduledExecutorService m = monitor;
        monitor = null;
        if (m != null) {
            m.shutdownNow();
        }
    }

    /** How often the monitor looks at the containers' poll loops. */
    static final long MONITOR_INTERVAL_SECONDS = 10;

    @Override
    public void start() {
        running = true;
        startMonitor();
        for (ListenerContainer c : containers()) {
            if (c.isAutoStartup()) {
                c.start();
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        stopMonitor();
        for (ListenerContainer c : containers()) {
            c.stop();
        }
    }

    /** Stops every container in parallel; {@code callback} runs when the last one stopped. */
    @Override
    public void stop(Runnable callback) {
        running = false;
        stopMonitor();
        List<ListenerContainer> all = new ArrayList<>(containers());
        if (all.isEmpty()) {
            callback.run();
            return;
        }
        AtomicInteger left = new AtomicInteger(all.size());
        for (ListenerContainer c : all) {
            c.stop(() -> {
                if (left.decrementAndGet() == 0) {
                    callback.run();
                }
            });
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return ListenerContainer.PHASE;
    }
}
