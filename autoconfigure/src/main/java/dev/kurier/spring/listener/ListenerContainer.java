package dev.kurier.spring.listener;

import dev.kurier.spring.transaction.ChunkTransactions;
import dev.kurier.client.consumer.internals.OffsetTracker;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.client.consumer.parallel.WorkerLane;
import dev.kurier.client.consumer.parallel.WorkerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one listener: a poll thread reads records from a {@link RecordSource} and hands them to {@code concurrency}
 * worker threads, which call the {@link RecordHandler}. The container owns the lifecycle and what it reports; the
 * pieces each do one job: the {@link PollLoop} is what the poll thread does in a run; the {@link Dispatcher} splits a
 * poll into {@link Work} as the ordering rule says and hands it to the run's {@link WorkerPool} (the client's, shared
 * with {@code ParallelConsumer}), which never blocks for long (a full worker queue holds back only the partitions
 * feeding it); each worker runs its queue through the {@link RecordProcessor} (retries, recovery,
 * acknowledgements); {@link Revocations} settles rebalances; {@link Staleness} says which records handed out no
 * longer count; the {@link OffsetTracker} says where it is safe to resume; and the {@link ProgressMeter} measures
 * lag for meters and health. Waits for a stop, a revocation or a finished piece of work are woken by one
 * {@link Signal}, not by polling.
 *
 * <p>Acknowledged offsets go to the {@link OffsetTracker}; the source is told the safe resume offsets (a group
 * source will commit them). After {@link #stop()} and {@link #start()} the container continues from the first
 * unacknowledged record of each partition.
 *
 * <p>A {@link SmartLifecycle}: {@link #start()} returns at once (finding partitions happens on the poll thread);
 * {@link #stop(Runnable)} stops polling, lets the workers finish the records already handed out within the
 * shutdown timeout, then closes the source. {@link #pause()} stops fetching without stopping (a group source keeps
 * polling with its partitions paused, so the member stays in the group).
 */
public final class ListenerContainer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);

    /** What the worker pool needs to know of a piece of work. */
    private static final WorkerPool.TaskShape<Work> WORK_SHAPE = new WorkerPool.TaskShape<>() {
        @Override
        public int weight(Work w) {
            return w.weight();
        }

        @Override
        public java.util.Collection<TopicPartition> partitions(Work w) {
            return w.partitions();
        }
    };

    /** The phase of listener containers: started late, stopped early. */
    public static final int PHASE = Integer.MAX_VALUE - 100;

    // Package-private: the run's PollLoop reads or sets these.
    final ListenerEndpoint endpoint;
    private final RecordHandler handler;
    private final KurierErrorHandler errorHandler;
    final Supplier<RecordSource> sources;
    final ContainerSettings settings;
    final ListenerObserver observer;

    final AtomicReference<ContainerState> state = new AtomicReference<>(ContainerState.CREATED);
    final Map<TopicPartition, Long> resumeFrom = new ConcurrentHashMap<>();
    private final List<Runnable> stopCallbacks = new CopyOnWriteArrayList<>();
    final Object pauseLock = new Object();
    final AtomicBoolean stopRequested = new AtomicBoolean();
    /** Which records handed out are no longer to be processed (revoked or halted partitions). */
    final Staleness staleness = new Staleness();
    /** Signalled on stops, revocations and finished work: what waits for those waits on it. */
    final Signal changes = new Signal();
    private final RecordProcessor processor;
    /** Workers of earlier runs given up at a shutdown while still in a listener call: a run waits for them. */
    final List<WorkerLane<Work>> lingering = new CopyOnWriteArrayList<>();

    volatile boolean desiredRunning;
    volatile boolean paused;
    volatile Throwable lastError;
    /** Polls failed in a row (0 once one works). */
    volatile int pollFailures;
    /** A clock the poll thread advances every loop (at least once per poll timeout): stamps listener calls cheaply. */
    volatile long coarseNanos = System.nanoTime();
    /** Lag, per-partition progress, and when acknowledgements last made progress. */
    final ProgressMeter meter;
    /** An Error thrown by the listener in this run: the run ends as FAILED. */
    volatile Throwable fatalError;
    volatile OffsetTracker tracker = new OffsetTracker();
    volatile RecordSource source;
    volatile boolean opened;
    /** Set while the source closes: its final revocation must keep the resume offsets just saved. */
    volatile boolean closingSource;
    /** The partitions read now; settles revocations. */
    final Revocations revocations;
    private volatile SeekAware seekAware;
    private volatile boolean reportedLate;
    private volatile java.util.concurrent.ThreadFactory workerThreads = WorkerThreads.platform();
    private volatile Thread pollThread;
    volatile CountDownLatch stopped = new CountDownLatch(0);
    volatile WorkerPool<Work> pool = new WorkerPool<>("kurier-listener", 1, false, 1, WORK_SHAPE);
    /** Transactional containers: the transaction of each poll chunk; null otherwise. */
    volatile TransactionalChunks chunks;

    /**
     * A container for {@code endpoint}: {@code sources} makes a fresh {@link RecordSource} at every start.
     */
    public ListenerContainer(ListenerEndpoint endpoint, RecordHandler handler, KurierErrorHandler errorHandler,
                             Supplier<RecordSource> sources, ContainerSettings settings, ListenerObserver observer) {
        this.endpoint = endpoint;
        this.handler = handler;
        this.errorHandler = errorHandler;
        this.sources = sources;
        this.settings = settings;
        this.observer = observer;
        this.meter = new ProgressMeter(() -> observer.partitionsChanged(this));
        this.revocations = new Revocations(endpoint, settings, staleness, changes, meter, () -> pool.lanes(),
                () -> tracker, resumeFrom, () -> closingSource);
        revocations.onChange((partitions, added, lost) -> {
            if (added) {
                seekOnAssignment(partitions);
                observer.partitionsAssigned(this, partitions);
            } else {
                SeekAware s = seekAware;
                if (s != null) {
                    callQuietly(() -> s.onPartitionsRevoked(partitions, lost), "onPartitionsRevoked");
                }
                observer.partitionsRevoked(this, partitions, lost);
            }
        });
        RecordHandler inChunk = new RecordHandler() {
            @Override
            public void handle(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack) throws Exception {
                TransactionalChunks c = chunks;
                if (c == null) {
                    handler.handle(records, ack);
                } else {
                    c.handle(handler, records, ack);
                }
            }

            @Override
            public boolean acknowledges() {
                return chunks != null || handler.acknowledges();
            }
        };
        this.processor = new RecordProcessor(endpoint, inChunk, errorHandler, observer, staleness, changes,
                stopRequested::get, () -> coarseNanos, this::onFatal);
    }

    /**
     * Tells the {@link SeekAware} of assigned partitions (on the poll thread, inside the source's assignment, before
     * any of their records is read); its seeks go to the source.
     */
    private void seekOnAssignment(java.util.Collection<TopicPartition> partitions) {
        SeekAware s = seekAware;
        RecordSource src = source;
        if (s == null || src == null) {
            return;
        }
        callQuietly(() -> s.onPartitionsAssigned(partitions, new SeekAware.SeekCallback() {
            @Override
            public void seek(TopicPartition partition, long offset) {
                src.seek(partition, offset);
            }

            @Override
            public void seekToBeginning(java.util.Collection<TopicPartition> tps) {
                src.seekToBeginning(tps);
            }

            @Override
            public void seekToEnd(java.util.Collection<TopicPartition> tps) {
                src.seekToEnd(tps);
            }

            @Override
            public void seekToTimestamp(java.util.Collection<TopicPartition> tps, long timestampMillis) {
                src.seekToTimestamp(tps, timestampMillis);
            }
        }), "onPartitionsAssigned");
    }

    private void callQuietly(Runnable call, String what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("listener {}: {} of its SeekAware failed: {}", endpoint.id(), what, e.toString());
        }
    }

    /** Where worker threads come from at the next start ({@link WorkerThreads}). */
    public void setWorkerThreads(java.util.concurrent.ThreadFactory threads) {
        this.workerThreads = threads;
    }

    /**
     * Makes the container transactional (before it starts): each poll chunk is processed in one Kafka transaction
     * from {@code transactions}, which the listener's template sends join; the chunk's offsets are committed in it.
     * A failing listener aborts the chunk: nothing it sent becomes visible to read_committed readers, and the chunk
     * is delivered again after the error handler's retry delay, until the error handler gives up on the record and
     * its recovery (a dead letter) commits in the transaction instead. The poll thread waits for each chunk before it
     * polls again, as Spring Kafka's transactional containers do. Manual acknowledgement is not supported.
     */
    public void setTransactions(ChunkTransactions transactions) {
        if (transactions != null && endpoint.ackMode() == dev.kurier.spring.KurierProperties.AckMode.MANUAL) {
            throw new IllegalStateException("listener " + endpoint.id() + ": ackMode MANUAL cannot be used with"
                    + " transactions (kurier.producer.transaction-id-prefix): a transactional listener's records are"
                    + " acknowledged by its chunk's commit; use ackMode AUTO or set kurier.listener.transactional=false");
        }
        this.chunks = transactions == null ? null : new TransactionalChunks(transactions, endpoint.id(), errorHandler);
    }

    /** Whether poll chunks run in Kafka transactions ({@link #setTransactions}). */
    public boolean isTransactional() {
        return chunks != null;
    }

    /** Where a listener bean hears of its partitions and picks where reading starts ({@code null}: none). */
    public void setSeekAware(SeekAware seekAware) {
        this.seekAware = seekAware;
    }

    /** A listener threw an {@link Error}: the run ends as FAILED (see {@link RecordProcessor}). */
    private void onFatal(Error e) {
        fatalError = e;
        lastError = e;
        requestStop(false);
    }

    // ---- lifecycle ---------------------------------------------------------------------------------

    @Override
    public void start() {
        if (state.get() == ContainerState.STOPPING) {
            // A restart right after a stop: let the previous run finish first (outside the lock it needs).
            awaitStopped(settings.shutdownTimeout().plusSeconds(5));
        }
        synchronized (this) {
            doStart();
        }
    }

    private void doStart() {
        ContainerState s = state.get();
        if (s == ContainerState.STARTING || s == ContainerState.RUNNING || s == ContainerState.PAUSED) {
            return;
        }
        if (s == ContainerState.STOPPING) {
            throw new IllegalStateException("listener container " + endpoint.id() + " is still stopping");
        }
        desiredRunning = true;
        stopRequested.set(false);
        opened = false;
        lastError = null;
        fatalError = null;
        pollFailures = 0;
        coarseNanos = System.nanoTime();
        meter.restart(coarseNanos);
        tracker = new OffsetTracker();
        TransactionalChunks c = chunks;
        if (c != null) {
            c.clear();
        }
        staleness.clear();
        closingSource = false;
        revocations.clear();
        state.set(ContainerState.STARTING);
        stopped = new CountDownLatch(1);
        int n = endpoint.concurrency();
        WorkerPool<Work> p = new WorkerPool<>("kurier-listener-" + endpoint.id(), n,
                endpoint.ordering() == Ordering.NONE && n > 1, settings.queueCapacity(), WORK_SHAPE);
        pool = p;
        p.start(workerThreads, this::run, changes::signalAll); // the signal: a revocation may wait for that work
        Thread t = new Thread(new PollLoop(this)::run, "kurier-listener-" + endpoint.id() + "-poll");
        t.setDaemon(false);
        pollThread = t;
        t.start();
        log.info("listener container {} started ({} worker{}, ordering {}, ack mode {})", endpoint.id(), n,
                n == 1 ? "" : "s", endpoint.ordering(), endpoint.ackMode());
    }

    /** Runs one piece of work on a worker thread (the worker pool's runner). */
    private void run(WorkerLane<Work> lane, Work w) {
        if (w.tp() != null) {
            processor.processChunk(lane, w);
            return;
        }
        // A batch: only what is still owned (the revocation waits only for that).
        Work live = staleness.live(w);
        lane.current(live);
        if (!live.records().isEmpty() && !lane.abandoned()) {
            processor.processBatch(lane, live);
        }
    }

    /** Stops and waits until stopped (at most the shutdown timeout plus a margin). */
    @Override
    public void stop() {
        CountDownLatch latch = requestStop();
        if (onOwnThread()) {
            return; // a listener stopping its own container: waiting here would wait for itself
        }
        awaitLatch(latch, settings.shutdownTimeout().plusSeconds(5));
    }

    private boolean onOwnThread() {
        Thread me = Thread.currentThread();
        if (me == pollThread) {
            return true;
        }
        return pool.runs(me);
    }

    /** Stops without blocking; {@code callback} runs once stopped. */
    @Override
    public void stop(Runnable callback) {
        synchronized (this) {
            if (!isRunning() && state.get() != ContainerState.STOPPING) {
                desiredRunning = false;
                callback.run();
                return;
            }
            stopCallbacks.add(callback);
        }
        requestStop();
    }

    private CountDownLatch requestStop() {
        return requestStop(true);
    }

    /** {@code byUser}: asked for (not running is then fine); otherwise a fatal error stops it (health says DOWN). */
    private synchronized CountDownLatch requestStop(boolean byUser) {
        if (byUser) {
            desiredRunning = false;
        }
        CountDownLatch latch = stopped;
        ContainerState s = state.get();
        if (s == ContainerState.CREATED || s == ContainerState.STOPPED || s == ContainerState.FAILED) {
            runStopCallbacks();
            return latch;
        }
        if (stopRequested.compareAndSet(false, true)) {
            state.set(ContainerState.STOPPING);
            log.info("listener container {} stopping", endpoint.id());
            synchronized (pauseLock) {
                pauseLock.notifyAll();
            }
            changes.signalAll(); // retry waits end
            RecordSource src = source;
            if (src != null && opened) {
                src.wakeup();
            } else if (pollThread != null) {
                // Still finding partitions (metadata waits): interrupt those waits.
                pollThread.interrupt();
            }
        }
        return latch;
    }

    @Override
    public boolean isRunning() {
        ContainerState s = state.get();
        return s == ContainerState.STARTING || s == ContainerState.RUNNING || s == ContainerState.PAUSED;
    }

    @Override
    public boolean isAutoStartup() {
        return endpoint.autoStartup();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Stops polling (records already handed out are still processed); {@link #resume()} continues. */
    public void pause() {
        paused = true;
        RecordSource src = source;
        if (src != null && opened) {
            src.wakeup();
        }
    }

    /** Continues polling after {@link #pause()}. */
    public void resume() {
        paused = false;
        synchronized (pauseLock) {
            pauseLock.notifyAll();
        }
        RecordSource src = source;
        if (src != null && opened) {
            src.wakeup(); // a group source polls while paused: resume its partitions now, not after the poll
        }
    }

    // ---- observability -----------------------------------------------------------------------------

    /** The container id. */
    public String id() {
        return endpoint.id();
    }

    /** What this container reads and how. */
    public ListenerEndpoint endpoint() {
        return endpoint;
    }

    /** The current state. */
    public ContainerState state() {
        return state.get();
    }

    /** Whether it was started and not stopped since (so not running means something is wrong). */
    public boolean isDesiredRunning() {
        return desiredRunning;
    }

    /** Whether {@link #pause()} is in effect. */
    public boolean isPaused() {
        return paused;
    }

    /** The last error of opening, polling or the poll thread, or {@code null} once polling works. */
    public Throwable lastError() {
        return lastError;
    }

    /** The partitions read now. */
    public Set<TopicPartition> assignment() {
        return revocations.assignment();
    }

    /** Records behind the end per partition, as last measured (empty before the first measurement). */
    public Map<TopicPartition, Long> lag() {
        return meter.lag();
    }

    /**
     * Per partition read now: committed offset, position, end offset, lag, time lag and fetch-queue depth, as last
     * measured (every {@code kurier.listener.lag-refresh-interval}); revoked partitions leave at once.
     */
    public Map<TopicPartition, PartitionProgress> partitionProgress() {
        return meter.progress();
    }

    /** Records queued for worker {@code index}, not counting work held back for a full queue; 0 when none. */
    public int workerQueueRecords(int index) {
        WorkerPool<Work> p = pool;
        return index < p.lanes().size() ? p.queuedRecords(index) : 0;
    }

    /** The largest lag of any partition, or 0. */
    public long maxLag() {
        return meter.maxLag();
    }

    /**
     * Called by the registry's monitor: when the container runs and its poll loop has not come round for longer than
     * {@code threshold}, tells the observer once per such episode (a WARN too). Returns whether it is late.
     */
    public boolean checkResponsive(Duration threshold) {
        long since = System.nanoTime() - coarseNanos;
        boolean late = state.get() == ContainerState.RUNNING && opened && since > threshold.toNanos();
        if (late && !reportedLate) {
            reportedLate = true;
            log.warn("listener {}: its poll thread has not come round for {} ms; something blocks it", endpoint.id(),
                    TimeUnit.NANOSECONDS.toMillis(since));
            observer.nonResponsive(this, Duration.ofNanos(since));
        } else if (!late) {
            reportedLate = false;
        }
        return late;
    }

    /** The longest the poll loop may take before the container counts as not responding. */
    public Duration noPollThreshold() {
        Duration three = settings.pollTimeout().multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(30)) > 0 ? three : Duration.ofSeconds(30);
    }

    /** Polls that failed in a row, 0 once one works (opening failures show as STARTING with {@link #lastError()}). */
    public int consecutivePollFailures() {
        return pollFailures;
    }

    /** The listener call running longest now (its first record and since when), if any. */
    public java.util.Optional<InFlightRecord> longestRunningCall() {
        InFlightRecord oldest = null;
        long now = System.nanoTime();
        for (WorkerLane<Work> w : pool.lanes()) {
            Work task = w.current();
            int at = w.inCall();
            long since = w.inCallSince();
            ConsumerRecord<?, ?> r = task != null && at >= 0 && at < task.records().size() ? task.records().get(at)
                    : null;
            if (r != null && (oldest == null || Duration.ofNanos(now - since).compareTo(oldest.running()) > 0)) {
                oldest = new InFlightRecord(r.topicPartition(), r.offset(), Duration.ofNanos(Math.max(0, now - since)),
                        w.name());
            }
        }
        return java.util.Optional.ofNullable(oldest);
    }

    /** How long ago acknowledgements last moved a resume offset (or nothing was pending). */
    public Duration sinceProgress() {
        return meter.sinceProgress();
    }

    /** The summed lag when acknowledgements last made progress. */
    public long lagAtProgress() {
        return meter.lagAtProgress();
    }

    /** The summed lag of all partitions, as last measured. */
    public long totalLag() {
        return meter.totalLag();
    }

    /** Records handed out and not yet acknowledged. */
    public int pendingRecords() {
        return tracker.pendingCount();
    }

    /** Per partition, the offset reading would resume from after a restart. */
    public Map<TopicPartition, Long> resumeOffsets() {
        Map<TopicPartition, Long> out = new HashMap<>(resumeFrom);
        out.putAll(tracker.resumeOffsets());
        return out;
    }

    /** The mode of the record source ({@code assigned} or {@code group}), or {@code null} before a start. */
    public String sourceMode() {
        RecordSource s = source;
        return s == null ? null : s.mode();
    }

    @Override
    public String toString() {
        return "ListenerContainer{" + endpoint.id() + ", " + state.get() + "}";
    }









    void runStopCallbacks() {
        List<Runnable> cbs = new ArrayList<>(stopCallbacks);
        stopCallbacks.clear();
        for (Runnable cb : cbs) {
            try {
                cb.run();
            } catch (RuntimeException e) {
                log.warn("stop callback of listener {} failed", endpoint.id(), e);
            }
        }
    }

    private void awaitStopped(Duration max) {
        awaitLatch(stopped, max);
    }

    private static void awaitLatch(CountDownLatch latch, Duration max) {
        try {
            latch.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
