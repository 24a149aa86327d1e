package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ShareConsumer;
import dev.kurier.client.consumer.ShareConsumerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@code @KurierListener(shareGroup = ...)} method (KIP-932, Kafka 4.2+): {@code concurrency} worker threads,
 * each with its own share consumer in the share group, so that records of one partition are processed in parallel
 * by as many workers as there are (the broker hands each consumer different records and redelivers what one of them
 * does not acknowledge in time). A normal return accepts a record; an exception releases it for another delivery
 * until {@code kurier.listener.share.max-deliveries}, then the error handler recovers it (dead-letter topic or log)
 * and it is rejected. Counts what its consumers acquired and acknowledged, and their lock expiries.
 */
public final class ShareListenerContainer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShareListenerContainer.class);

    private final ListenerEndpoint endpoint;
    private final RecordHandler handler;
    private final KurierErrorHandler errorHandler;
    private final int maxDeliveries;
    private final Supplier<ShareConsumer<byte[], byte[]>> consumers;
    private final ContainerSettings settings;
    private final boolean renewLocks;
    private final Object monitor = new Object();
    /** Renews the locks of long listener calls (one daemon thread while running, when renewLocks). */
    private java.util.concurrent.ScheduledExecutorService renewer;
    /** Counts of consumers closed already (a restart makes new ones). */
    private final long[] retired = new long[Count.values().length];
    private final Map<ShareWorker, Thread> workers = new LinkedHashMap<>();
    private volatile ContainerState state = ContainerState.CREATED;
    private volatile boolean paused;
    private volatile Throwable lastError;
    private volatile int pollFailures;

    /** What the container counts, over all its consumers. */
    public enum Count {
        /** Records delivered to the listener's consumers. */
        ACQUIRED(ShareConsumerMetrics::acquired),
        /** Of those, records that had been delivered before. */
        REDELIVERED(ShareConsumerMetrics::redelivered),
        /** Records accepted. */
        ACCEPTED(ShareConsumerMetrics::accepted),
        /** Records released for another delivery. */
        RELEASED(ShareConsumerMetrics::released),
        /** Records rejected (archived). */
        REJECTED(ShareConsumerMetrics::rejected),
        /** Records whose acquisition lock expired before they were acknowledged. */
        LOCK_EXPIRED(ShareConsumerMetrics::lockExpiries),
        /** Lock renewals of records still in a listener call (KIP-1222). */
        RENEWED(ShareConsumerMetrics::renewed);

        private final ToLongFunction<ShareConsumerMetrics> read;

        Count(ToLongFunction<ShareConsumerMetrics> read) {
            this.read = read;
        }
    }

    /**
     * A container of {@code endpoint} (its {@code groupId} is the share group) calling {@code handler}; records that
     * fail {@code maxDeliveries} times go to {@code errorHandler}'s recovery; {@code consumers} makes each worker's
     * share consumer (explicit acknowledgement).
     */
    public ShareListenerContainer(ListenerEndpoint endpoint, RecordHandler handler, KurierErrorHandler errorHandler,
                                  int maxDeliveries, boolean renewLocks,
                                  Supplier<ShareConsumer<byte[], byte[]>> consumers, ContainerSettings settings) {
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("listener " + endpoint.id() + ": max deliveries must be at least 1, got "
                    + maxDeliveries);
        }
        this.endpoint = endpoint;
        this.handler = handler;
        this.errorHandler = errorHandler;
        this.maxDeliveries = maxDeliveries;
        this.renewLocks = renewLocks;
        this.consumers = consumers;
        this.settings = settings;
    }

    @Override
    public void start() {
        synchronized (monitor) {
            if (!workers.isEmpty()) {
                return;
            }
            paused = false;
            lastError = null;
            for (int i = 0; i < endpoint.concurrency(); i++) {
                ShareWorker w = new ShareWorker(this, consumers.get());
                Thread t = new Thread(w, "kurier-share-" + endpoint.id() + "-" + i);
                t.setDaemon(true); // never keeps the JVM alive
                workers.put(w, t);
            }
            state = ContainerState.RUNNING;
            workers.values().forEach(Thread::start);
            if (renewLocks) {
                renewer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "kurier-share-renew-" + endpoint.id());
                    t.setDaemon(true);
                    return t;
                });
                renewer.scheduleWithFixedDelay(this::renewLongCalls, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        log.info("share listener {} started: {} consumer(s) in share group {} reading {}", endpoint.id(),
                endpoint.concurrency(), endpoint.groupId(), endpoint.topics());
    }

    @Override
    public void stop() {
        List<Thread> threads;
        synchronized (monitor) {
            if (workers.isEmpty()) {
                return;
            }
            state = ContainerState.STOPPING;
            workers.keySet().forEach(ShareWorker::stop);
            threads = new ArrayList<>(workers.values());
            monitor.notifyAll();
        }
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                log.warn("share listener {}: {} still in a listener call after {} ms (kurier.listener.shutdown-timeout);"
                        + " interrupted; its records are delivered again once their locks expire", endpoint.id(),
                        t.getName(), settings.shutdownTimeout().toMillis());
                t.interrupt();
            }
        }
        synchronized (monitor) {
            if (renewer != null) { // kept renewing while the last calls finished
                renewer.shutdownNow();
                renewer = null;
            }
            if (state == ContainerState.STOPPING) {
                state = ContainerState.STOPPED;
            }
        }
        log.info("share listener {} stopped", endpoint.id());
    }

    @Override
    public void stop(Runnable callback) {
        Thread t = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "kurier-share-stop-" + endpoint.id());
        t.setDaemon(true);
        t.start();
    }

    @Override
    public boolean isRunning() {
        synchronized (monitor) {
            return !workers.isEmpty();
        }
    }

    @Override
    public boolean isAutoStartup() {
        return endpoint.autoStartup();
    }

    @Override
    public int getPhase() {
        return ListenerContainer.PHASE;
    }

    /** Stops polling after the calls in progress; the records held are acknowledged as their calls end. */
    public void pause() {
        paused = true;
        synchronized (monitor) {
            workers.keySet().forEach(ShareWorker::wakeup);
            if (state == ContainerState.RUNNING) {
                state = ContainerState.PAUSED;
            }
        }
    }

    /** Polls again after {@link #pause()}. */
    public void resume() {
        synchronized (monitor) {
            paused = false;
            if (state == ContainerState.PAUSED) {
                state = ContainerState.RUNNING;
            }
            monitor.notifyAll();
        }
    }

    /** The container id. */
    public String id() {
        return endpoint.id();
    }

    /** What it reads; {@code groupId} is the share group. */
    public ListenerEndpoint endpoint() {
        return endpoint;
    }

    /** Where the container is in its life. */
    public ContainerState state() {
        return state;
    }

    /** Whether it was paused. */
    public boolean isPaused() {
        return paused;
    }

    /** The last poll failure or the error that ended a worker, or {@code null}. */
    public Throwable lastError() {
        return lastError;
    }

    /** Polls that failed in a row (on the worker that failed last). */
    public int consecutivePollFailures() {
        return pollFailures;
    }

    /** How many times a record is delivered before a failure of it goes to the error handler. */
    public int maxDeliveries() {
        return maxDeliveries;
    }

    /** The count of {@code what} over every consumer the container had. */
    public long count(Count what) {
        synchronized (monitor) {
            long sum = retired[what.ordinal()];
            for (ShareWorker w : workers.keySet()) {
                sum += what.read.applyAsLong(w.metrics());
            }
            return sum;
        }
    }

    /** The listener call that has run longest now, if any. */
    public Optional<InFlightRecord> longestRunningCall() {
        synchronized (monitor) {
            InFlightRecord longest = null;
            for (Map.Entry<ShareWorker, Thread> e : workers.entrySet()) {
                InFlightRecord r = e.getKey().inFlight(e.getValue().getName()).orElse(null);
                if (r != null && (longest == null || r.running().compareTo(longest.running()) > 0)) {
                    longest = r;
                }
            }
            return Optional.ofNullable(longest);
        }
    }

    /** The renewer's round: each worker renews its call's locks when half the lock time has passed. */
    private void renewLongCalls() {
        List<ShareWorker> now;
        synchronized (monitor) {
            now = new ArrayList<>(workers.keySet());
        }
        long t = System.nanoTime();
        for (ShareWorker w : now) {
            try {
                w.renewIfDue(t);
            } catch (RuntimeException e) {
                log.debug("share listener {}: renewing failed: {}", endpoint.id(), e.toString());
            }
        }
    }

    // ---- for the workers -----------------------------------------------------------------------------------------

    RecordHandler handler() {
        return handler;
    }

    KurierErrorHandler errorHandler() {
        return errorHandler;
    }

    ContainerSettings settings() {
        return settings;
    }

    boolean manualAcks() {
        return endpoint.ackMode() == dev.kurier.spring.KurierProperties.AckMode.MANUAL;
    }

    void polled(Throwable failure) {
        if (failure == null) {
            pollFailures = 0;
        } else {
            pollFailures++;
            lastError = failure;
        }
    }

    void workerFailed(Throwable t) {
        lastError = t;
        state = ContainerState.FAILED;
        log.error("share listener {}: a worker ended on an unexpected error; its records are delivered again once their"
                + " locks expire", endpoint.id(), t);
    }

    /** Waits while paused, at most {@code max}. */
    void awaitResume(Duration max) {
        synchronized (monitor) {
            if (paused) {
                waitOn(max);
            }
        }
    }

    /** Waits {@code max} unless the container stops first. */
    void awaitStop(Duration max) {
        synchronized (monitor) {
            if (state != ContainerState.STOPPING) {
                waitOn(max);
            }
        }
    }

    private void waitOn(Duration max) {
        try {
            monitor.wait(Math.max(1, max.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A worker ends: its counts are kept, its consumer closed (sending what was acknowledged, leaving the group). */
    void retire(ShareConsumer<byte[], byte[]> consumer) {
        synchronized (monitor) {
            workers.entrySet().removeIf(e -> {
                if (e.getValue() != Thread.currentThread()) {
                    return false;
                }
                for (Count c : Count.values()) {
                    retired[c.ordinal()] += c.read.applyAsLong(e.getKey().metrics());
                }
                return true;
            });
        }
        try {
            consumer.close(settings.shutdownTimeout());
        } catch (RuntimeException e) {
            log.warn("share listener {}: closing a consumer failed: {}", endpoint.id(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "ShareListenerContainer[" + endpoint.id() + ", share group " + endpoint.groupId() + ", " + state + "]";
    }
}
