package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.consumer.internals.PersistedAcks;
import dev.kurier.client.consumer.parallel.WorkerLane;
import dev.kurier.client.errors.KurierException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link ListenerContainer}'s poll thread does in one run: waits until listener threads abandoned by an
 * earlier run have returned, opens the {@link RecordSource} (retrying while the cluster cannot be reached), then
 * polls and hands the records to the {@link Dispatcher} (or runs each poll chunk in a transaction), commits what
 * the {@link dev.kurier.client.consumer.internals.OffsetTracker} says is safe, measures lag, honours pauses, and at
 * the end stops the worker pool, commits and closes the source. The container keeps the lifecycle and what it
 * reports; this keeps the loop.
 */
final class PollLoop {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);

    /** The poll timeout while partitions are held back, so they go on soon after there is room. */
    private static final Duration HELD_POLL = Duration.ofMillis(10);

    /** The container whose run this is: its state, status and the run's tracker and worker pool live there. */
    private final ListenerContainer container;
    private final ListenerEndpoint endpoint;
    private final ContainerSettings settings;
    private final ListenerObserver observer;
    private final Staleness staleness;
    private final Signal changes;
    private final java.util.concurrent.atomic.AtomicBoolean stopRequested;
    private final Map<TopicPartition, Long> resumeFrom;
    private final List<WorkerLane<Work>> lingering;
    private final Revocations revocations;
    private final ProgressMeter meter;
    private final Object pauseLock;
    private final java.util.function.Supplier<RecordSource> sources;
    private Map<TopicPartition, Long> lastCommitted = Map.of();
    private boolean sourcePaused;
    private boolean pollWhilePaused;

    PollLoop(ListenerContainer container) {
        this.container = container;
        this.endpoint = container.endpoint;
        this.settings = container.settings;
        this.observer = container.observer;
        this.staleness = container.staleness;
        this.changes = container.changes;
        this.stopRequested = container.stopRequested;
        this.resumeFrom = container.resumeFrom;
        this.lingering = container.lingering;
        this.revocations = container.revocations;
        this.meter = container.meter;
        this.pauseLock = container.pauseLock;
        this.sources = container.sources;
    }

    /** The poll thread's body: one run, from waiting for an earlier run's threads to closing the source. */
    void run() {
        RecordSource src = null;
        boolean failed = false;
        try {
            if (!awaitLingering()) {
                return;
            }
            src = sources.get();
            container.source = src;
            // what is acknowledged beyond a commit goes into its metadata, so a restart skips it (acks.persist)
            src.acknowledgedBeyond((tp, offset) -> container.tracker.ackedAbove(tp, offset,
                    PersistedAcks.MAX_OFFSETS));
            if (!openSource(src)) {
                return;
            }
            container.opened = true;
            container.lastError = null;
            observer.started(container);
            long idleNanos = settings.idleEventInterval().toNanos();
            long lastRecordsAt = System.nanoTime();
            long lastIdleEventAt = lastRecordsAt;
            long nextRefresh = System.nanoTime() + settings.assignmentRefreshInterval().toNanos();
            long nextLag = System.nanoTime();
            lastCommitted = Map.of();
            Dispatcher dispatcher = new Dispatcher(endpoint, settings, container.pool, container.tracker, staleness,
                    src);
            sourcePaused = false;
            pollWhilePaused = false;
            while (!stopRequested.get()) {
                if (container.paused) {
                    container.state.compareAndSet(ContainerState.RUNNING, ContainerState.PAUSED);
                    container.state.compareAndSet(ContainerState.STARTING, ContainerState.PAUSED);
                    if (!sourcePaused) {
                        pollWhilePaused = src.pause();
                        sourcePaused = true;
                    }
                    if (!pollWhilePaused) {
                        waitWhilePaused();
                        continue;
                    }
                } else {
                    if (sourcePaused) {
                        src.resume();
                        sourcePaused = false;
                    }
                    container.state.compareAndSet(ContainerState.PAUSED, ContainerState.RUNNING);
                    container.state.compareAndSet(ContainerState.STARTING, ContainerState.RUNNING);
                }
                long now = System.nanoTime();
                container.coarseNanos = now;
                if (now - nextRefresh >= 0) {
                    src.refreshAssignment();
                    nextRefresh = now + settings.assignmentRefreshInterval().toNanos();
                }
                if (!settings.lagRefreshInterval().isZero() && now - nextLag >= 0) {
                    measureLag(src);
                    nextLag = now + settings.lagRefreshInterval().toNanos();
                }
                lastCommitted = commitIfChanged(src, lastCommitted);
                dispatcher.unpark();
                dispatcher.capPending();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    // While something is held back, poll briefly: room in a worker queue or an acknowledgement
                    // lets it go on (the poll keeps a group member alive meanwhile).
                    records = src.poll(dispatcher.holding() ? HELD_POLL : settings.pollTimeout());
                } catch (WakeupException e) {
                    continue;
                } catch (KurierException e) {
                    if (stopRequested.get()) {
                        break;
                    }
                    container.lastError = e;
                    container.pollFailures++;
                    log.warn("listener {}: poll failed, retrying in {} ms: {}", endpoint.id(),
                            settings.retryBackoff().toMillis(), e.getMessage());
                    sleep(settings.retryBackoff());
                    continue;
                }
                container.lastError = null;
                container.pollFailures = 0;
                if (records.isEmpty()) {
                    long idleNow = System.nanoTime();
                    if (idleNanos > 0 && idleNow - lastIdleEventAt >= idleNanos) {
                        lastIdleEventAt = idleNow;
                        observer.idle(container, Duration.ofNanos(idleNow - lastRecordsAt));
                    }
                } else {
                    lastRecordsAt = System.nanoTime();
                    lastIdleEventAt = lastRecordsAt;
                }
                if (!records.isEmpty()) {
                    observer.recordsReceived(endpoint.id(), records.count());
                    TransactionalChunks c = container.chunks;
                    if (c == null) {
                        dispatcher.dispatch(records);
                    } else {
                        inTransaction(c, src, dispatcher, records);
                    }
                }
            }
        } catch (Throwable t) {
            failed = true;
            container.lastError = t;
            log.error("listener container {} failed", endpoint.id(), t);
        } finally {
            finish(src, failed);
        }
    }

    /**
     * A transactional container's chunk: begins its transaction, hands it to the workers, waits until every record is
     * settled (bounded by the shutdown timeout once a stop is asked), then commits or aborts and rewinds; after a
     * failure waits the retry delay before the next poll.
     */
    private void inTransaction(TransactionalChunks c, RecordSource src, Dispatcher dispatcher,
                               ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        try {
            c.begin(records);
        } catch (RuntimeException e) {
            container.lastError = e;
            log.warn("listener {}: no transaction for the records polled; they are read again in {} ms: {}",
                    endpoint.id(), settings.retryBackoff().toMillis(), e.toString());
            for (TopicPartition tp : records.partitions()) {
                src.seek(tp, records.records(tp).get(0).offset());
            }
            sleep(settings.retryBackoff());
            return;
        }
        dispatcher.dispatch(records);
        long stopDeadline = 0;
        while (true) {
            long seen = changes.generation();
            dispatcher.unpark();
            if (container.tracker.pendingCount() == 0 || container.fatalError != null) {
                break;
            }
            if (stopRequested.get()) {
                long now = System.nanoTime();
                if (stopDeadline == 0) {
                    stopDeadline = now + settings.shutdownTimeout().toNanos();
                } else if (now - stopDeadline >= 0) {
                    break;
                }
            }
            container.coarseNanos = System.nanoTime();
            changes.await(seen, TimeUnit.MILLISECONDS.toNanos(50));
        }
        boolean settled = container.tracker.pendingCount() == 0 && container.fatalError == null;
        Duration wait = c.end(settled, container.tracker, src, (tp, first) -> {
            resumeFrom.put(tp, first);
            if (!stopRequested.get()) {
                src.seek(tp, first);
            }
        });
        if (!wait.isZero() && !stopRequested.get()) {
            sleep(wait);
        }
    }

    /**
     * Waits until the listener calls abandoned by an earlier stop have returned, so a partition is never processed by
     * two threads at once. Meanwhile {@link ListenerContainer#lastError()} says what the run waits for. False when
     * stopped meanwhile.
     */
    private boolean awaitLingering() {
        boolean warned = false;
        for (WorkerLane<Work> w : lingering) {
            while (w.thread().isAlive()) {
                if (stopRequested.get()) {
                    return false;
                }
                Work held = w.current();
                String what = held == null || held.records().isEmpty() ? "" : " (processing "
                        + held.records().get(0).topicPartition() + "@" + held.records().get(0).offset() + ")";
                container.lastError = new IllegalStateException("listener thread " + w.name() + " of the previous run"
                        + " is still running" + what + ": it ignored the interrupt at shutdown; reading starts when"
                        + " it returns");
                if (!warned) {
                    log.warn("listener {}: {}", endpoint.id(), container.lastError.getMessage());
                    warned = true;
                }
                try {
                    w.thread().join(Math.max(1, settings.retryBackoff().toMillis()));
                } catch (InterruptedException e) {
                    // a stop interrupts waits of the poll thread: the loop looks at the flag
                }
            }
            lingering.remove(w);
        }
        container.lastError = null;
        return true;
    }

    private boolean openSource(RecordSource src) {
        boolean warned = false;
        while (!stopRequested.get()) {
            try {
                src.open(Map.copyOf(resumeFrom), revocations);
                return true;
            } catch (WakeupException e) {
                // stop requested
            } catch (KurierException e) {
                if (stopRequested.get()) {
                    return false;
                }
                container.lastError = e;
                if (!warned) {
                    log.warn("listener {} cannot start reading yet, retrying every {} ms: {}", endpoint.id(),
                            settings.retryBackoff().toMillis(), e.getMessage());
                    warned = true;
                } else {
                    log.debug("listener {} still cannot start reading: {}", endpoint.id(), e.getMessage());
                }
                sleep(settings.retryBackoff());
            }
        }
        return false;
    }

    private Map<TopicPartition, Long> commitIfChanged(RecordSource src, Map<TopicPartition, Long> last) {
        Map<TopicPartition, Long> now = container.tracker.resumeOffsets();
        if (!now.equals(last)) {
            src.commit(now);
            meter.progressed(container.coarseNanos);
        } else if (container.tracker.pendingCount() == 0) {
            meter.progressed(container.coarseNanos); // nothing waits for an acknowledgement: idle is not stalled
        }
        return now;
    }

    private void measureLag(RecordSource src) {
        try {
            meter.measure(src, container.tracker);
        } catch (WakeupException e) {
            // stop or pause asked; measured next time
        } catch (KurierException e) {
            log.debug("listener {}: lag measurement failed: {}", endpoint.id(), e.getMessage());
        }
    }

    private void waitWhilePaused() {
        synchronized (pauseLock) {
            while (container.paused && !stopRequested.get()) {
                try {
                    pauseLock.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void finish(RecordSource src, boolean failedPolling) {
        boolean failed = failedPolling || container.fatalError != null;
        Thread.interrupted(); // an interrupt meant for the metadata wait must not cut the drain short
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        List<WorkerLane<Work>> stillRunning = new ArrayList<>();
        int abandoned = container.pool.stop(deadline, Duration.ofSeconds(1), stillRunning);
        for (WorkerLane<Work> w : stillRunning) {
            lingering.add(w);
            log.warn("listener {}: thread {} ignored the interrupt and is still in the listener; a restart waits for"
                    + " it", endpoint.id(), w.name());
        }
        if (abandoned > 0) {
            log.warn("listener {}: shutdown timeout ({} ms) passed; {} queued record(s) not processed, they are read "
                    + "again after a restart", endpoint.id(), settings.shutdownTimeout().toMillis(), abandoned);
        }
        resumeFrom.putAll(container.tracker.resumeOffsets());
        if (src != null) {
            try {
                if (container.opened) {
                    src.commit(container.tracker.resumeOffsets());
                }
            } catch (RuntimeException e) {
                log.warn("listener {}: final commit failed: {}", endpoint.id(), e.toString());
            }
            container.closingSource = true;
            try {
                src.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).plusSeconds(1));
            } catch (RuntimeException e) {
                log.warn("listener {}: closing the consumer failed: {}", endpoint.id(), e.toString());
            }
        }
        container.opened = false;
        revocations.clear();
        meter.clear();
        CountDownLatch latch;
        synchronized (container) {
            container.state.set(failed ? ContainerState.FAILED : ContainerState.STOPPED);
            if (container.fatalError != null) {
                // desiredRunning stays: stopped by the error, not by the user
                container.lastError = container.fatalError;
            } else if (failed) {
                container.desiredRunning = container.desiredRunning && !stopRequested.get();
            }
            latch = container.stopped;
        }
        log.info("listener container {} {}", endpoint.id(), failed ? "failed" : "container.stopped");
        // Before stop() returns: whoever stopped it sees the event published.
        Throwable failure = container.fatalError != null ? container.fatalError : container.lastError;
        observer.stopped(container, failed ? failure : null);
        synchronized (container) {
            latch.countDown();
            container.runStopCallbacks();
        }
    }

    private void sleep(Duration d) {
        synchronized (pauseLock) {
            try {
                if (!stopRequested.get()) {
                    pauseLock.wait(Math.max(1, d.toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
