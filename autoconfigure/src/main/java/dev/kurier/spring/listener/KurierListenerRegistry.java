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
 * Every {@link ListenerContainer} and {@link ShareListenerContainer} of the application, by id. Starts the auto-startup containers with the
 * application context and stops all of them (in parallel) when it closes; in between, containers can be paused,
 * resumed, stopped and started by id.
 */
public class KurierListenerRegistry implements SmartLifecycle {

    private final Map<String, ListenerContainer> containers = new ConcurrentHashMap<>();
    private final Map<String, ShareListenerContainer> shareContainers = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running;

    /**
     * Adds {@code container}; when the registry already runs, an auto-startup container starts at once.
     *
     * @throws IllegalStateException if the id is taken
     */
    public void register(ListenerContainer container) {
        if (shareContainers.containsKey(container.id()) || containers.putIfAbsent(container.id(), container) != null) {
            throw new IllegalStateException("two listener containers with id '" + container.id()
                    + "': give one @KurierListener a distinct id");
        }
        order.add(container.id());
        if (running && container.isAutoStartup()) {
            container.start();
        }
    }

    /**
     * Adds a share-group container; when the registry already runs, an auto-startup container starts at once.
     *
     * @throws IllegalStateException if the id is taken
     */
    public void register(ShareListenerContainer container) {
        if (containers.containsKey(container.id()) || shareContainers.putIfAbsent(container.id(), container) != null) {
            throw new IllegalStateException("two listener containers with id '" + container.id()
                    + "': give one @KurierListener a distinct id");
        }
        order.add(container.id());
        if (running && container.isAutoStartup()) {
            container.start();
        }
    }

    /** The share-group containers, in registration order. */
    public Collection<ShareListenerContainer> shareContainers() {
        List<ShareListenerContainer> out = new ArrayList<>();
        for (String id : order) {
            ShareListenerContainer c = shareContainers.get(id);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** The share-group container with this id, if any. */
    public Optional<ShareListenerContainer> shareContainer(String id) {
        return Optional.ofNullable(shareContainers.get(id));
    }

    /** All containers (not the share-group ones, see {@link #shareContainers()}), in registration order. */
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

    /** The ids of all containers, share-group ones included. */
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
        ShareListenerContainer share = shareContainers.get(id);
        if (share != null) {
            share.pause();
        } else {
            require(id).pause();
        }
    }

    /** Resumes a paused container. */
    public void resume(String id) {
        ShareListenerContainer share = shareContainers.get(id);
        if (share != null) {
            share.resume();
        } else {
            require(id).resume();
        }
    }

    /** Starts a container (again): it resumes after its last processed record. */
    public void start(String id) {
        ShareListenerContainer share = shareContainers.get(id);
        if (share != null) {
            share.start();
        } else {
            require(id).start();
        }
    }

    /** Stops a container and waits until it stopped (within its shutdown timeout). */
    public void stop(String id) {
        ShareListenerContainer share = shareContainers.get(id);
        if (share != null) {
            share.stop();
        } else {
            require(id).stop();
        }
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
        for (ShareListenerContainer c : shareContainers()) {
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
        for (ShareListenerContainer c : shareContainers()) {
            c.stop();
        }
    }

    /** Stops every container in parallel; {@code callback} runs when the last one stopped. */
    @Override
    public void stop(Runnable callback) {
        running = false;
        stopMonitor();
        List<SmartLifecycle> all = new ArrayList<>(containers());
        all.addAll(shareContainers());
        if (all.isEmpty()) {
            callback.run();
            return;
        }
        AtomicInteger left = new AtomicInteger(all.size());
        for (SmartLifecycle c : all) {
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
