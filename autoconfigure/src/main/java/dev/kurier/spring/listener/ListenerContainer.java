package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.consumer.internals.ConsumerMetrics;
import dev.kurier.client.errors.KurierException;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.spring.annotation.Ordering;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one listener: a poll thread reads records from a {@link RecordSource} and hands them to
 * {@code concurrency} worker threads, which call the {@link RecordHandler}. The ordering rule picks the worker:
 * per partition (each partition's records in order on one worker), per key, or any worker. A record listener's
 * worker gets a poll's records of one partition as one chunk (one queue operation) and calls the handler per
 * record. Worker queues are bounded by records, so a slow listener slows polling instead of filling memory.
 *
 * <p>Acknowledged offsets go to an {@link OffsetTracker}; the source is told the safe resume offsets (a group
 * source will commit them). After {@link #stop()} and {@link #start()} the container continues from the first
 * unacknowledged record of each partition.
 *
 * <p>When a group source revokes partitions, queued records of them are dropped, the ones being processed are
 * waited for (up to the revoke timeout), and the source gets their resume offsets to commit before the rebalance
 * goes on. Acknowledgements arriving while a revocation waits count; later ones (from before a revocation) are
 * ignored.
 *
 * <p>A {@link SmartLifecycle}: {@link #start()} returns at once (finding partitions happens on the poll thread);
 * {@link #stop(Runnable)} stops polling, lets the workers finish the records already handed out within the
 * shutdown timeout, then closes the source. {@link #pause()} stops fetching without stopping (a group source keeps
 * polling with its partitions paused, so the member stays in the group).
 */
public final class ListenerContainer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);

    /** The poll timeout while partitions are held back, so they go on soon after there is room. */
    private static final Duration HELD_POLL = Duration.ofMillis(10);

    /** The phase of listener containers: started late, stopped early. */
    public static final int PHASE = Integer.MAX_VALUE - 100;

    private final ListenerEndpoint endpoint;
    private final RecordHandler handler;
    private final KurierErrorHandler errorHandler;
    private final Supplier<RecordSource> sources;
    private final ContainerSettings settings;
    private final ListenerObserver observer;
    /** Whether listener calls are timed for the observer (not when nobody observes: two clock reads per record). */
    private final boolean observing;

    private final AtomicReference<ContainerState> state = new AtomicReference<>(ContainerState.CREATED);
    private final Map<TopicPartition, Long> resumeFrom = new ConcurrentHashMap<>();
    private final List<Runnable> stopCallbacks = new CopyOnWriteArrayList<>();
    private final Object pauseLock = new Object();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    /** Counts revocations; a record handed out before its partition's last revocation is stale. */
    private final AtomicLong revocations = new AtomicLong();
    private final Map<TopicPartition, Long> revokedAt = new ConcurrentHashMap<>();
    /** Partitions whose failed record was left when stopping: their later records wait for the next run. */
    private final Set<TopicPartition> halted = ConcurrentHashMap.newKeySet();
    /** Workers of earlier runs given up at a shutdown while still in a listener call: a run waits for them. */
    private final List<Worker> lingering = new CopyOnWriteArrayList<>();

    private volatile boolean desiredRunning;
    private volatile boolean paused;
    private volatile Throwable lastError;
    /** Polls failed in a row (0 once one works). */
    private volatile int pollFailures;
    /** A clock the poll thread advances every loop (at least once per poll timeout): stamps listener calls cheaply. */
    private volatile long coarseNanos = System.nanoTime();
    /** When the resume offsets last moved, or nothing was pending (coarse clock), and the lag then. */
    private volatile long progressNanos = System.nanoTime();
    private volatile long lagAtProgress;
    /** An Error thrown by the listener in this run: the run ends as FAILED. */
    private volatile Throwable fatalError;
    private volatile Map<TopicPartition, Long> lag = Map.of();
    private volatile Map<TopicPartition, PartitionProgress> progress = Map.of();
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile OffsetTracker tracker = new OffsetTracker();
    private volatile RecordSource source;
    private volatile boolean opened;
    /** Set while the source closes: its final revocation must keep the resume offsets just saved. */
    private volatile boolean closingSource;
    private volatile Thread pollThread;
    private volatile CountDownLatch stopped = new CountDownLatch(0);
    private volatile Worker[] workers = new Worker[0];
    // Poll thread only:
    private Map<TopicPartition, Long> lastCommitted = Map.of();
    private boolean sourcePaused;
    private boolean pollWhilePaused;
    /** Partitions held back because work of theirs is parked (a full worker queue): how many parked works each. */
    private final Map<TopicPartition, Integer> heldBack = new HashMap<>();
    /** Whether every partition is held back because too many records are unacknowledged. */
    private boolean capHeld;
    private long capWarnedFor = -1;

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
        this.observing = observer != ListenerObserver.NOOP;
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
        progressNanos = coarseNanos;
        lagAtProgress = 0;
        tracker = new OffsetTracker();
        revokedAt.clear();
        halted.clear();
        closingSource = false;
        state.set(ContainerState.STARTING);
        stopped = new CountDownLatch(1);
        int n = endpoint.concurrency();
        Worker[] ws = new Worker[n];
        WeightedQueue<Work> shared = endpoint.ordering() == Ordering.NONE
                ? new WeightedQueue<>(settings.queueCapacity() * n, Work::weight) : null;
        for (int i = 0; i < n; i++) {
            ws[i] = new Worker(i, shared != null ? shared : new WeightedQueue<>(settings.queueCapacity(), Work::weight));
        }
        workers = ws;
        for (Worker w : ws) {
            w.thread.start();
        }
        Thread t = new Thread(this::pollLoop, "kurier-listener-" + endpoint.id() + "-poll");
        t.setDaemon(false);
        pollThread = t;
        t.start();
        log.info("listener container {} started ({} worker{}, ordering {}, ack mode {})", endpoint.id(), n,
                n == 1 ? "" : "s", endpoint.ordering(), endpoint.ackMode());
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
        for (Worker w : workers) {
            if (w.thread == me) {
                return true;
            }
        }
        return false;
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
        return assignment;
    }

    /** Records behind the end per partition, as last measured (empty before the first measurement). */
    public Map<TopicPartition, Long> lag() {
        return lag;
    }

    /**
     * Per partition read now: committed offset, position, end offset, lag, time lag and fetch-queue depth, as last
     * measured (every {@code kurier.listener.lag-refresh-interval}); revoked partitions leave at once.
     */
    public Map<TopicPartition, PartitionProgress> partitionProgress() {
        return progress;
    }

    /** Records queued for each worker (index = worker), not counting work held back for a full queue. */
    public int[] workerQueueRecords() {
        Worker[] ws = workers;
        int[] out = new int[ws.length];
        for (int i = 0; i < ws.length; i++) {
            out[i] = ws[i].queue.weight();
        }
        return out;
    }

    /** The largest lag of any partition, or 0. */
    public long maxLag() {
        long max = 0;
        for (long l : lag.values()) {
            max = Math.max(max, l);
        }
        return max;
    }

    /** Polls that failed in a row, 0 once one works (opening failures show as STARTING with {@link #lastError()}). */
    public int consecutivePollFailures() {
        return pollFailures;
    }

    /** The listener call running longest now (its first record and since when), if any. */
    public java.util.Optional<InFlightRecord> longestRunningCall() {
        InFlightRecord oldest = null;
        long now = System.nanoTime();
        for (Worker w : workers) {
            ConsumerRecord<byte[], byte[]> r = w.inCall;
            long since = w.inCallSince;
            if (r != null && (oldest == null || Duration.ofNanos(now - since).compareTo(oldest.running()) > 0)) {
                oldest = new InFlightRecord(r.topicPartition(), r.offset(), Duration.ofNanos(Math.max(0, now - since)),
                        w.thread.getName());
            }
        }
        return java.util.Optional.ofNullable(oldest);
    }

    /** How long ago acknowledgements last moved a resume offset (or nothing was pending). */
    public Duration sinceProgress() {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - progressNanos));
    }

    /** The summed lag when acknowledgements last made progress. */
    public long lagAtProgress() {
        return lagAtProgress;
    }

    /** The summed lag of all partitions, as last measured. */
    public long totalLag() {
        long sum = 0;
        for (long l : lag.values()) {
            sum += l;
        }
        return sum;
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

    // ---- poll thread -------------------------------------------------------------------------------

    private void pollLoop() {
        RecordSource src = null;
        boolean failed = false;
        try {
            if (!awaitLingering()) {
                return;
            }
            src = sources.get();
            source = src;
            if (!openSource(src)) {
                return;
            }
            opened = true;
            lastError = null;
            long nextRefresh = System.nanoTime() + settings.assignmentRefreshInterval().toNanos();
            long nextLag = System.nanoTime();
            lastCommitted = Map.of();
            heldBack.clear();
            capHeld = false;
            sourcePaused = false;
            pollWhilePaused = false;
            while (!stopRequested.get()) {
                if (paused) {
                    state.compareAndSet(ContainerState.RUNNING, ContainerState.PAUSED);
                    state.compareAndSet(ContainerState.STARTING, ContainerState.PAUSED);
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
                    state.compareAndSet(ContainerState.PAUSED, ContainerState.RUNNING);
                    state.compareAndSet(ContainerState.STARTING, ContainerState.RUNNING);
                }
                long now = System.nanoTime();
                coarseNanos = now;
                if (now - nextRefresh >= 0) {
                    src.refreshAssignment();
                    nextRefresh = now + settings.assignmentRefreshInterval().toNanos();
                }
                if (!settings.lagRefreshInterval().isZero() && now - nextLag >= 0) {
                    measureLag(src);
                    nextLag = now + settings.lagRefreshInterval().toNanos();
                }
                lastCommitted = commitIfChanged(src, lastCommitted);
                unpark(src);
                capPending(src);
                ConsumerRecords<byte[], byte[]> records;
                try {
                    // While something is held back, poll briefly: room in a worker queue or an acknowledgement
                    // lets it go on (the poll keeps a group member alive meanwhile).
                    records = src.poll(heldBack.isEmpty() && !capHeld ? settings.pollTimeout() : HELD_POLL);
                } catch (WakeupException e) {
                    continue;
                } catch (KurierException e) {
                    if (stopRequested.get()) {
                        break;
                    }
                    lastError = e;
                    pollFailures++;
                    log.warn("listener {}: poll failed, retrying in {} ms: {}", endpoint.id(),
                            settings.retryBackoff().toMillis(), e.getMessage());
                    sleep(settings.retryBackoff());
                    continue;
                }
                lastError = null;
                pollFailures = 0;
                if (!records.isEmpty()) {
                    observer.recordsReceived(endpoint.id(), records.count());
                    dispatch(records);
                }
            }
        } catch (Throwable t) {
            failed = true;
            lastError = t;
            log.error("listener container {} failed", endpoint.id(), t);
        } finally {
            finish(src, failed);
        }
    }

    /**
     * Waits until the listener calls abandoned by an earlier stop have returned, so a partition is never processed by
     * two threads at once. Meanwhile {@link #lastError()} says what the run waits for. False when stopped meanwhile.
     */
    private boolean awaitLingering() {
        boolean warned = false;
        for (Worker w : lingering) {
            while (w.thread.isAlive()) {
                if (stopRequested.get()) {
                    return false;
                }
                Work held = w.current;
                String what = held == null || held.records().isEmpty() ? "" : " (processing "
                        + held.records().get(0).topicPartition() + "@" + held.records().get(0).offset() + ")";
                lastError = new IllegalStateException("listener thread " + w.thread.getName() + " of the previous run"
                        + " is still running" + what + ": it ignored the interrupt at shutdown; reading starts when"
                        + " it returns");
                if (!warned) {
                    log.warn("listener {}: {}", endpoint.id(), lastError.getMessage());
                    warned = true;
                }
                try {
                    w.thread.join(Math.max(1, settings.retryBackoff().toMillis()));
                } catch (InterruptedException e) {
                    // a stop interrupts waits of the poll thread: the loop looks at the flag
                }
            }
            lingering.remove(w);
        }
        lastError = null;
        return true;
    }

    private boolean openSource(RecordSource src) {
        boolean warned = false;
        while (!stopRequested.get()) {
            try {
                src.open(Map.copyOf(resumeFrom), new Assignments());
                return true;
            } catch (WakeupException e) {
                // stop requested
            } catch (KurierException e) {
                if (stopRequested.get()) {
                    return false;
                }
                lastError = e;
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
        Map<TopicPartition, Long> now = tracker.resumeOffsets();
        if (!now.equals(last)) {
            src.commit(now);
            progressed();
        } else if (tracker.pendingCount() == 0) {
            progressed(); // nothing waits for an acknowledgement: idle is not stalled
        }
        return now;
    }

    private void progressed() {
        progressNanos = coarseNanos;
        lagAtProgress = totalLag();
    }

    private void measureLag(RecordSource src) {
        try {
            Map<TopicPartition, Long> ends = src.endOffsets();
            Map<TopicPartition, Long> out = new LinkedHashMap<>();
            Map<TopicPartition, PartitionProgress> views = new LinkedHashMap<>();
            Map<TopicPartition, Long> committed = src.committedOffsets();
            ConsumerMetrics cm = src.consumerMetrics();
            Map<TopicPartition, ConsumerMetrics.PartitionStats> stats = cm == null ? Map.of() : cm.partitions();
            Map<TopicPartition, Integer> queued = cm == null ? Map.of() : cm.queueDepths();
            Map<TopicPartition, Long> queuedBytes = cm == null ? Map.of() : cm.queueBytes();
            long nowMillis = System.currentTimeMillis();
            OffsetTracker t = tracker;
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                TopicPartition tp = e.getKey();
                long position = src.position(tp);
                long next = t.resumeOffset(tp);
                if (next < 0) {
                    next = position;
                }
                long partitionLag = Math.max(0, e.getValue() - next);
                out.put(tp, partitionLag);
                views.put(tp, new PartitionProgress(committed.getOrDefault(tp, -1L), position, e.getValue(),
                        partitionLag, lagSeconds(t, tp, partitionLag, stats.get(tp), nowMillis),
                        queued.getOrDefault(tp, 0), queuedBytes.getOrDefault(tp, 0L)));
            }
            lag = Map.copyOf(out);
            setProgress(Map.copyOf(views));
        } catch (WakeupException e) {
            // stop or pause asked; measured next time
        } catch (KurierException e) {
            log.debug("listener {}: lag measurement failed: {}", endpoint.id(), e.getMessage());
        }
    }

    /**
     * The age of the oldest record of {@code tp} not yet processed: the first unacknowledged one when there is one,
     * else (records not handed out yet) the consumer's estimate; 0 when caught up.
     */
    private static double lagSeconds(OffsetTracker t, TopicPartition tp, long lag, ConsumerMetrics.PartitionStats stats,
                                     long nowMillis) {
        long ts = t.oldestPendingTimestamp(tp);
        if (ts >= 0) {
            return Math.max(0, nowMillis - ts) / 1000.0;
        }
        if (lag == 0) {
            return 0;
        }
        return stats == null ? -1 : stats.lagSeconds(nowMillis);
    }

    private void setProgress(Map<TopicPartition, PartitionProgress> views) {
        boolean changed = !views.keySet().equals(progress.keySet());
        progress = views;
        if (changed) {
            observer.partitionsChanged(this);
        }
    }

    private void dispatch(ConsumerRecords<byte[], byte[]> records) {
        Worker[] ws = workers;
        OffsetTracker t = tracker;
        long epoch = revocations.get();
        if (endpoint.batch()) {
            dispatchBatches(records, ws, t, epoch);
        } else {
            dispatchChunks(records, ws, t, epoch);
        }
    }

    /**
     * Record listeners: per partition, the polled records go to the workers in chunks (one queue operation and one
     * tracker call per chunk) instead of one by one; a worker calls the listener per record of a chunk. A chunk holds
     * records of one partition for one worker, in offset order, so the ordering rules hold as with single records.
     * Chunks are at most one queue's capacity; with ordering NONE a partition's records are spread over the workers
     * in equal slices so they still run in parallel.
     */
    private void dispatchChunks(ConsumerRecords<byte[], byte[]> records, Worker[] ws, OffsetTracker t, long epoch) {
        int n = ws.length;
        int cap = settings.queueCapacity();
        Ordering ordering = n == 1 ? Ordering.PARTITION : endpoint.ordering();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
            int size = rs.size();
            if (size == 0) {
                continue;
            }
            switch (ordering) {
                // Slices in offset order, each tracked as it is handed out.
                case PARTITION -> handOutSlices(ws[partitionWorker(tp, n)], rs, cap, tp, t, epoch);
                case NONE -> handOutSlices(ws[0], rs, Math.min(cap, (size + n - 1) / n), tp, t, epoch);
                case KEY -> handOutByKey(ws, rs, cap, tp, t, epoch);
            }
        }
    }

    /** Hands {@code rs} (of {@code tp}) to {@code w} in chunks of at most {@code slice}. */
    private void handOutSlices(Worker w, List<ConsumerRecord<byte[], byte[]>> rs, int slice, TopicPartition tp,
                               OffsetTracker t, long epoch) {
        int size = rs.size();
        for (int from = 0; from < size; from += slice) {
            int to = Math.min(size, from + slice);
            List<ConsumerRecord<byte[], byte[]>> chunk = from == 0 && to == size ? rs : rs.subList(from, to);
            handOut(w, new Work(chunk, tp, t.chunk(tp, chunk), null, epoch));
        }
    }

    /**
     * Ordering KEY: {@code rs} (of {@code tp}) split by key over the workers. The workers' chunks interleave in offset
     * order, so all are tracked before any is queued: the resume offset cannot pass a record not yet tracked.
     */
    private void handOutByKey(Worker[] ws, List<ConsumerRecord<byte[], byte[]>> rs, int cap, TopicPartition tp,
                              OffsetTracker t, long epoch) {
        int n = ws.length;
        List<List<ConsumerRecord<byte[], byte[]>>> byWorker = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byWorker.add(null);
        }
        for (ConsumerRecord<byte[], byte[]> r : rs) {
            int wi = workerIndex(r, tp, n);
            List<ConsumerRecord<byte[], byte[]>> l = byWorker.get(wi);
            if (l == null) {
                l = new ArrayList<>();
                byWorker.set(wi, l);
            }
            l.add(r);
        }
        List<Work> works = new ArrayList<>();
        List<Worker> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<ConsumerRecord<byte[], byte[]>> l = byWorker.get(i);
            for (int from = 0; l != null && from < l.size(); from += cap) {
                List<ConsumerRecord<byte[], byte[]>> chunk = l.subList(from, Math.min(l.size(), from + cap));
                works.add(new Work(chunk, tp, t.chunk(tp, chunk), null, epoch));
                targets.add(ws[i]);
            }
        }
        for (int i = 0; i < works.size(); i++) {
            handOut(targets.get(i), works.get(i));
        }
    }

    /**
     * Batch listeners: one call per worker per poll, with that worker's records of every partition; each worker's
     * records of one partition are one chunk of the tracker, all tracked before any is queued.
     */
    private void dispatchBatches(ConsumerRecords<byte[], byte[]> records, Worker[] ws, OffsetTracker t, long epoch) {
        int n = ws.length;
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byWorker = new LinkedHashMap<>();
        Map<Integer, List<OffsetTracker.Chunk>> chunks = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> ofPartition = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                ofPartition.computeIfAbsent(workerIndex(r, tp, n), k -> new ArrayList<>()).add(r);
            }
            ofPartition.forEach((wi, rs) -> {
                byWorker.computeIfAbsent(wi, k -> new ArrayList<>()).addAll(rs);
                chunks.computeIfAbsent(wi, k -> new ArrayList<>()).add(t.chunk(tp, rs));
            });
        }
        for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> e : byWorker.entrySet()) {
            handOut(ws[e.getKey()], new Work(List.copyOf(e.getValue()), null, null, List.copyOf(chunks.get(e.getKey())),
                    epoch));
        }
    }

    private int workerIndex(ConsumerRecord<byte[], byte[]> r, TopicPartition tp, int n) {
        if (n == 1) {
            return 0;
        }
        return switch (endpoint.ordering()) {
            case NONE -> 0; // one shared queue
            case KEY -> r.key() == null ? partitionWorker(tp, n) : Math.floorMod(Arrays.hashCode(r.key()), n);
            case PARTITION -> partitionWorker(tp, n);
        };
    }

    private static int partitionWorker(TopicPartition tp, int n) {
        return Math.floorMod(31 * tp.topic().hashCode() + tp.partition(), n);
    }

    /**
     * Hands {@code work} to {@code w} without waiting. When {@code w}'s queue is full (a slow listener, one waiting
     * out a retry back-off, a recovery retrying a broken dead-letter topic) the work is parked on the poll thread and
     * its partitions are held back at the source, so only what feeds that worker stops: other workers' partitions
     * are still polled and processed. Parked work goes on in order once there is room ({@link #unpark}).
     */
    private void handOut(Worker w, Work work) {
        if (w.parked.isEmpty() && w.queue.offer(work)) {
            return;
        }
        w.parked.addLast(work);
        List<TopicPartition> newlyHeld = new ArrayList<>();
        for (TopicPartition tp : work.partitions()) {
            if (heldBack.merge(tp, 1, Integer::sum) == 1) {
                newlyHeld.add(tp);
            }
        }
        RecordSource src = source;
        if (!newlyHeld.isEmpty() && src != null) {
            log.debug("listener {}: worker queue full, holding back {}", endpoint.id(), newlyHeld);
            src.pausePartitions(newlyHeld);
        }
    }

    /** Moves parked work into worker queues that have room now, in order; releases partitions left with none. */
    private void unpark(RecordSource src) {
        if (heldBack.isEmpty()) {
            return;
        }
        List<TopicPartition> released = new ArrayList<>();
        for (Worker w : workers) {
            Work head;
            while ((head = w.parked.peekFirst()) != null) {
                Work live = head.tp() != null ? (stale(head.tp(), head.epoch()) ? null : head) : live(head);
                if (live != null && !live.records().isEmpty() && !w.queue.offer(live)) {
                    break;
                }
                w.parked.pollFirst();
                release(head, released);
            }
        }
        if (!released.isEmpty() && !capHeld) {
            src.resumePartitions(released);
        }
    }

    private void release(Work parked, List<TopicPartition> released) {
        for (TopicPartition tp : parked.partitions()) {
            Integer left = heldBack.computeIfPresent(tp, (k, v) -> v == 1 ? null : v - 1);
            if (left == null) {
                released.add(tp);
            }
        }
    }

    /**
     * Bounds the records handed out and not acknowledged (in MANUAL mode a listener may hold them for ever, each
     * pinning its poll's records): at {@code maxPendingRecords} every partition is held back, with a WARN naming
     * where acknowledgements are missing, until some are acknowledged.
     */
    private void capPending(RecordSource src) {
        int pending = tracker.pendingCount();
        if (pending >= settings.maxPendingRecords()) {
            if (!capHeld) {
                capHeld = true;
                src.pausePartitions(src.assignment());
                Map<TopicPartition, Long> oldest = tracker.pendingFrom();
                long first = oldest.values().stream().mapToLong(Long::longValue).min().orElse(-1);
                if (first != capWarnedFor) {
                    capWarnedFor = first;
                    log.warn("listener {}: {} records handed out and not acknowledged (kurier.listener.max-pending-"
                            + "records={}); reading is held back until some are; unacknowledged from {}", endpoint.id(),
                            pending, settings.maxPendingRecords(), oldest);
                }
            }
        } else if (capHeld) {
            capHeld = false;
            List<TopicPartition> resume = new ArrayList<>(src.assignment());
            resume.removeAll(heldBack.keySet());
            src.resumePartitions(resume);
        }
    }

    private void waitWhilePaused() {
        synchronized (pauseLock) {
            while (paused && !stopRequested.get()) {
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
        boolean failed = failedPolling || fatalError != null;
        Thread.interrupted(); // an interrupt meant for the metadata wait must not cut the drain short
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        Worker[] ws = workers;
        for (Worker w : ws) {
            w.draining = true;
        }
        for (Worker w : ws) {
            joinUntil(w.thread, deadline);
        }
        int abandoned = 0;
        for (Worker w : ws) {
            if (w.thread.isAlive()) {
                w.abandon = true;
                w.thread.interrupt();
            }
        }
        for (Worker w : ws) {
            joinUntil(w.thread, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
            abandoned += w.queue.clear();
            for (Work parked : w.parked) {
                abandoned += parked.weight();
            }
            w.parked.clear();
            if (w.thread.isAlive()) {
                lingering.add(w);
                log.warn("listener {}: thread {} ignored the interrupt and is still in the listener; a restart waits for"
                        + " it", endpoint.id(), w.thread.getName());
            }
        }
        if (abandoned > 0) {
            log.warn("listener {}: shutdown timeout ({} ms) passed; {} queued record(s) or batch(es) not processed, they are read "
                    + "again after a restart", endpoint.id(), settings.shutdownTimeout().toMillis(), abandoned);
        }
        resumeFrom.putAll(tracker.resumeOffsets());
        if (src != null) {
            try {
                if (opened) {
                    src.commit(tracker.resumeOffsets());
                }
            } catch (RuntimeException e) {
                log.warn("listener {}: final commit failed: {}", endpoint.id(), e.toString());
            }
            closingSource = true;
            try {
                src.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).plusSeconds(1));
            } catch (RuntimeException e) {
                log.warn("listener {}: closing the consumer failed: {}", endpoint.id(), e.toString());
            }
        }
        opened = false;
        assignment = Set.of();
        lag = Map.of();
        setProgress(Map.of());
        synchronized (this) {
            state.set(failed ? ContainerState.FAILED : ContainerState.STOPPED);
            if (fatalError != null) {
                lastError = fatalError; // desiredRunning stays: stopped by the error, not by the user
            } else if (failed) {
                desiredRunning = desiredRunning && !stopRequested.get();
            }
            stopped.countDown();
            runStopCallbacks();
        }
        log.info("listener container {} {}", endpoint.id(), failed ? "failed" : "stopped");
    }

    private void runStopCallbacks() {
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

    private static void joinUntil(Thread t, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    // ---- workers -----------------------------------------------------------------------------------

    /**
     * Records for workers, their chunks of the tracker (of this run) to acknowledge them in, and the revocation count
     * when they were handed out. For a record listener one chunk of one partition ({@code tp} and {@code chunk} set),
     * one handler call per record; for a batch listener one handler call over records of any partitions (their
     * {@code chunks}; {@code tp} and {@code chunk} null).
     */
    private record Work(List<ConsumerRecord<byte[], byte[]>> records, TopicPartition tp, OffsetTracker.Chunk chunk,
                        List<OffsetTracker.Chunk> chunks, long epoch) {
        /** What it counts towards a worker queue's bound: its records (a batch too: memory stays bounded). */
        int weight() {
            return records.size();
        }

        /** The partitions of its records. */
        List<TopicPartition> partitions() {
            if (tp != null) {
                return List.of(tp);
            }
            List<TopicPartition> out = new ArrayList<>(chunks.size());
            for (OffsetTracker.Chunk c : chunks) {
                if (!out.contains(c.topicPartition())) {
                    out.add(c.topicPartition());
                }
            }
            return out;
        }
    }

    /** Whether {@code r}, handed out at {@code epoch}, belongs to a partition revoked since. */
    private boolean stale(ConsumerRecord<byte[], byte[]> r, long epoch) {
        if (halted.isEmpty() && revokedAt.isEmpty()) {
            return false; // the usual case, checked per record: no map lookups (nor TopicPartition hashing)
        }
        return stale(r.topicPartition(), epoch);
    }

    /** Whether records of {@code tp}, handed out at {@code epoch}, are no longer to be processed here. */
    private boolean stale(TopicPartition tp, long epoch) {
        if (halted.isEmpty() && revokedAt.isEmpty()) {
            return false;
        }
        if (halted.contains(tp)) {
            return true;
        }
        Long at = revokedAt.get(tp);
        return at != null && at > epoch;
    }

    /** Whether any of {@code records} of {@code w} is stale. */
    private boolean anyStale(Work w, List<ConsumerRecord<byte[], byte[]>> records) {
        if (w.tp() != null) {
            return stale(w.tp(), w.epoch());
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (stale(r, w.epoch())) {
                return true;
            }
        }
        return false;
    }

    /** Batch {@code w} without its stale records (the same object when none is stale). */
    private Work live(Work w) {
        List<ConsumerRecord<byte[], byte[]>> keep = null;
        for (int i = 0; i < w.records().size(); i++) {
            ConsumerRecord<byte[], byte[]> r = w.records().get(i);
            if (stale(r, w.epoch())) {
                if (keep == null) {
                    keep = new ArrayList<>(w.records().subList(0, i));
                }
            } else if (keep != null) {
                keep.add(r);
            }
        }
        if (keep == null) {
            return w;
        }
        // Only the live partitions' chunks: acknowledging the batch must not mark the dropped records processed.
        List<OffsetTracker.Chunk> liveChunks = new ArrayList<>();
        for (OffsetTracker.Chunk c : w.chunks()) {
            if (!stale(c.topicPartition(), w.epoch())) {
                liveChunks.add(c);
            }
        }
        return new Work(List.copyOf(keep), null, null, List.copyOf(liveChunks), w.epoch());
    }

    private final class Worker {
        final WeightedQueue<Work> queue;
        /** Work for this worker that did not fit its queue; poll thread only. */
        final java.util.ArrayDeque<Work> parked = new java.util.ArrayDeque<>();
        final Thread thread;
        volatile boolean draining;
        volatile boolean abandon;

        /** Whether this worker must give up its records: its run is stopping, or it was abandoned by one. */
        boolean leaving() {
            return abandon || stopRequested.get();
        }
        /** The work being processed, for revocations to wait for. */
        volatile Work current;
        /** The first record of the listener call running now (null between calls), and since when (coarse). */
        volatile ConsumerRecord<byte[], byte[]> inCall;
        volatile long inCallSince;

        Worker(int index, WeightedQueue<Work> queue) {
            this.queue = queue;
            this.thread = new Thread(this::run, "kurier-listener-" + endpoint.id() + "-" + index);
            // Daemons: a listener call abandoned at shutdown (one that ignores interrupts) must not keep the JVM
            // alive. The poll thread is not one: like Spring Kafka's consumer threads it keeps a listener-only app up.
            this.thread.setDaemon(true);
        }

        void run() {
            while (!abandon) {
                Work w;
                try {
                    w = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    if (abandon) {
                        return;
                    }
                    continue;
                }
                if (w == null) {
                    if (draining) {
                        return;
                    }
                    continue;
                }
                // Publish before checking staleness: a revocation either sees this work or this check sees it.
                current = w;
                try {
                    if (w.tp() != null) {
                        processChunk(this, w);
                    } else {
                        Work lw = live(w);
                        current = lw;
                        if (!lw.records().isEmpty() && !abandon) {
                            processBatch(this, lw);
                        }
                    }
                } finally {
                    current = null;
                }
            }
        }
    }

    /**
     * One listener call per record of a chunk, in order. Staleness is checked before each record (a revocation or a
     * halt of the chunk's partition drops the rest of the chunk), after {@code current} was published.
     */
    private void processChunk(Worker self, Work w) {
        List<ConsumerRecord<byte[], byte[]>> rs = w.records();
        for (int i = 0, n = rs.size(); i < n; i++) {
            if (self.abandon || stale(w.tp(), w.epoch())) {
                return; // (abandoned: a later run owns the partition now)
            }
            ConsumerRecord<byte[], byte[]> r = rs.get(i);
            process(self, w, List.of(r), new RecordAck(w, i));
        }
    }

    /**
     * Acknowledges one record of a chunk, once, through the chunk: no {@code TopicPartition}, map lookup nor lock per
     * record.
     */
    private final class RecordAck implements Acknowledgment {
        private static final AtomicIntegerFieldUpdater<RecordAck> DONE =
                AtomicIntegerFieldUpdater.newUpdater(RecordAck.class, "done");
        private final Work work;
        private final int index;
        private volatile int done;

        RecordAck(Work work, int index) {
            this.work = work;
            this.index = index;
        }

        @Override
        public void acknowledge() {
            // Also while its partition is being revoked: the revocation waits for exactly this. Once the revocation
            // is settled the tracker forgot the partition, and the chunk's acknowledgement no longer reaches it.
            if (DONE.compareAndSet(this, 0, 1)) {
                work.chunk().acknowledged(index);
            }
        }
    }

    /**
     * One batch, front to back. The listener gets the records not yet settled; on a {@link BatchFailure} the records
     * before the failing one are acknowledged and the retries concern that record (called with the batch from it on);
     * once the error handler gives up, only that record is recovered and the rest goes on. Any other exception fails
     * the whole rest: retried, then each of its records recovered. Recovery goes record by record and a failed
     * recovery is tried again from the record that failed, so nothing is recovered twice.
     */
    private void processBatch(Worker self, Work w) {
        List<ConsumerRecord<byte[], byte[]>> all = w.records();
        int n = all.size();
        BatchAcks acks = new BatchAcks(w.chunks());
        int from = 0;
        int attempts = 0;
        while (from < n) {
            if (self.abandon || anyStale(w, all)) {
                return; // revoked meanwhile (the new owner processes the rest), or a later run owns it
            }
            List<ConsumerRecord<byte[], byte[]>> rest = from == 0 ? all : all.subList(from, n);
            Acknowledgment ack = acks.range(from, n);
            attempts++;
            long start = observing ? System.nanoTime() : 0;
            Exception failure;
            int failedAt = -1;
            self.inCallSince = coarseNanos;
            self.inCall = rest.get(0);
            try {
                handler.handle(rest, ack);
                self.inCall = null;
                if (observing) {
                    observer.processed(endpoint.id(), rest.size(), System.nanoTime() - start, true);
                }
                if (endpoint.ackMode() == AckMode.AUTO) {
                    ack.acknowledge();
                }
                return;
            } catch (BatchFailure e) {
                failure = e.getCause() instanceof Exception c ? unwrap(c) : e;
                failedAt = Math.min(e.index(), rest.size() - 1);
            } catch (Exception e) {
                failure = unwrap(e);
            } catch (Error e) {
                self.inCall = null;
                fatal(self, w, rest, e);
                return;
            }
            self.inCall = null;
            if (observing) {
                observer.processed(endpoint.id(), rest.size(), System.nanoTime() - start, false);
            }
            if (self.leaving() && (failure instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
                haltFor(w, rest); // cut short by the shutdown: left for the next run
                return;
            }
            if (failedAt > 0) {
                acks.acknowledgeUpTo(from + failedAt); // processed before the failing record
                from += failedAt;
                attempts = 1; // the first failure of that record
            }
            List<ConsumerRecord<byte[], byte[]>> failing = failedAt >= 0 ? List.of(all.get(from)) : all.subList(from, n);
            Duration delay = retryDelay(attempts, failure);
            if (delay == null) {
                for (ConsumerRecord<byte[], byte[]> r : failing) {
                    if (!recover(self, w, List.of(r), failure, attempts)) {
                        return;
                    }
                    acks.acknowledgeUpTo(++from);
                }
                attempts = 0;
                continue;
            }
            ConsumerRecord<byte[], byte[]> first = failing.get(0);
            log.debug("listener {}: attempt {} for {}-{}@{} (batch) failed ({}); retrying in {} ms", endpoint.id(),
                    attempts, first.topic(), first.partition(), first.offset(), failure.toString(), delay.toMillis());
            if (!waitBeforeRetry(self, w, all.subList(from, n), delay)) {
                return;
            }
        }
    }

    /**
     * Calls the handler with {@code records} (of {@code w}); on failure asks the error handler for a retry delay and
     * calls again after it, until the error handler gives up and recovers the records. The records are acknowledged
     * only after success or recovery. Waits end early (records left unacknowledged) when the container stops or the
     * partition is revoked.
     */
    private void process(Worker self, Work w, List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack) {
        long start = observing ? System.nanoTime() : 0;
        boolean success = false;
        boolean handled;
        int attempts = 0;
        while (true) {
            attempts++;
            Exception failure;
            self.inCallSince = coarseNanos;
            self.inCall = records.get(0);
            try {
                handler.handle(records, ack);
                success = true;
                handled = true;
                break;
            } catch (Exception e) {
                failure = unwrap(e);
            } catch (Error e) {
                fatal(self, w, records, e);
                handled = false;
                break;
            }
            if (self.leaving() && (failure instanceof InterruptedException
                    || Thread.currentThread().isInterrupted())) {
                haltFor(w, records); // cut short by the shutdown, not a failure of the record: leave it for the next run
                handled = false;
                break;
            }
            Duration delay = retryDelay(attempts, failure);
            if (delay == null) {
                handled = recover(self, w, records, failure, attempts);
                break;
            }
            ConsumerRecord<byte[], byte[]> first = records.get(0);
            log.debug("listener {}: attempt {} for {}-{}@{} failed ({}); retrying in {} ms", endpoint.id(), attempts,
                    first.topic(), first.partition(), first.offset(), failure.toString(), delay.toMillis());
            if (!waitBeforeRetry(self, w, records, delay)) {
                handled = false;
                break;
            }
        }
        self.inCall = null;
        if (observing) {
            observer.processed(endpoint.id(), records.size(), System.nanoTime() - start, success);
        }
        if (handled && (!success || endpoint.ackMode() == AckMode.AUTO)) {
            ack.acknowledge();
        }
    }

    /**
     * An {@link Error} (out of memory, a linkage error) is not a failure of the record: retrying or dead-lettering it
     * would lose it for a problem of the JVM. The record stays unacknowledged (read again after a restart) and the
     * container stops as FAILED, as Spring Kafka's does.
     */
    private void fatal(Worker self, Work w, List<ConsumerRecord<byte[], byte[]>> records, Error e) {
        haltFor(w, records);
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        log.error("listener {}: {} processing {}-{}@{}; stopping the container, the record is read again after a "
                + "restart", endpoint.id(), e.toString(), first.topic(), first.partition(), first.offset(), e);
        if (!self.abandon) {
            fatalError = e;
            lastError = e;
            requestStop(false);
        }
    }

    private static Exception unwrap(Exception e) {
        return e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() instanceof Exception c
                ? c : e;
    }

    private Duration retryDelay(int attempts, Exception failure) {
        try {
            Duration d = errorHandler.retryDelay(attempts, failure);
            return d == null || d.isNegative() ? (d == null ? null : Duration.ZERO) : d;
        } catch (RuntimeException e) {
            log.warn("listener {}: error handler failed deciding on a retry; not retrying: {}", endpoint.id(), e.toString());
            return null;
        }
    }

    /**
     * Gives the records to the error handler. When it throws (a dead-letter write failed) the records stay
     * unacknowledged and it is tried again after a growing wait (1 s doubling to 30 s), so later records of the
     * partition wait and nothing is skipped silently. Returns whether the records were recovered.
     */
    private boolean recover(Worker self, Work w, List<ConsumerRecord<byte[], byte[]>> records, Exception failure,
                            int attempts) {
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        long waitMillis = 1000;
        while (true) {
            try {
                errorHandler.handle(endpoint.id(), records, failure, attempts);
                return true;
            } catch (Exception rethrown) {
                log.warn("listener {}: recovering {}-{}@{}{} failed; not acknowledged, trying again in {} ms: {}",
                        endpoint.id(), first.topic(), first.partition(), first.offset(),
                        records.size() > 1 ? " (+" + (records.size() - 1) + " more)" : "", waitMillis,
                        rethrown.toString());
            }
            if (!waitBeforeRetry(self, w, records, Duration.ofMillis(waitMillis))) {
                return false;
            }
            waitMillis = Math.min(30_000, waitMillis * 2);
        }
    }

    /** Halts the partitions of {@code records}: their later records are not processed in this run, keeping the order. */
    private void haltFor(Work w, List<ConsumerRecord<byte[], byte[]>> records) {
        if (w.tp() != null) {
            halted.add(w.tp());
            return;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            halted.add(r.topicPartition());
        }
    }

    /**
     * Waits {@code delay} on a worker thread before calling again. Returns {@code false}, leaving the records, when
     * the container stops (their partitions are then halted: later records of them are not processed in this run,
     * keeping the order) or a record's partition was revoked (the new owner processes it).
     */
    private boolean waitBeforeRetry(Worker self, Work w, List<ConsumerRecord<byte[], byte[]>> records,
                                    Duration delay) {
        long end = System.nanoTime() + delay.toNanos();
        while (true) {
            if (self.abandon) {
                return false; // a later run owns the partition: leave the records to it
            }
            if (stopRequested.get() || Thread.currentThread().isInterrupted()) {
                haltFor(w, records);
                ConsumerRecord<byte[], byte[]> first = records.get(0);
                log.info("listener {}: stopping while {}-{}@{} waits for a retry; it is processed again after a "
                        + "restart", endpoint.id(), first.topic(), first.partition(), first.offset());
                return false;
            }
            if (anyStale(w, records)) {
                return false;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Keeps the assignment snapshot and forgets revoked partitions. */
    private final class Assignments implements RecordSource.AssignmentListener {
        @Override
        public void assigned(Collection<TopicPartition> partitions) {
            Set<TopicPartition> s = new java.util.TreeSet<>(assignment);
            s.addAll(partitions);
            assignment = Set.copyOf(s);
        }

        @Override
        public Map<TopicPartition, Long> revoked(Collection<TopicPartition> partitions) {
            long epoch = markRevoked(partitions);
            awaitInFlight(Set.copyOf(partitions), epoch);
            Map<TopicPartition, Long> out = new LinkedHashMap<>();
            OffsetTracker t = tracker;
            for (TopicPartition tp : partitions) {
                long o = t.resumeOffset(tp);
                if (o >= 0) {
                    out.put(tp, o);
                }
            }
            forget(partitions);
            return out;
        }

        @Override
        public void lost(Collection<TopicPartition> partitions) {
            markRevoked(partitions);
            forget(partitions);
        }

        private long markRevoked(Collection<TopicPartition> partitions) {
            long epoch = revocations.incrementAndGet();
            for (TopicPartition tp : partitions) {
                revokedAt.put(tp, epoch);
            }
            return epoch;
        }

        /** Waits, up to the revoke timeout, until no worker processes a record of {@code partitions}. */
        private void awaitInFlight(Set<TopicPartition> partitions, long epoch) {
            long deadline = System.nanoTime() + settings.revokeTimeout().toNanos();
            while (busyWith(partitions, epoch)) {
                if (System.nanoTime() - deadline >= 0) {
                    log.warn("listener {}: records of revoked {} still being processed after {} ms; committing before "
                            + "them, so the new owner processes them again", endpoint.id(), partitions,
                            settings.revokeTimeout().toMillis());
                    return;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private boolean busyWith(Set<TopicPartition> partitions, long epoch) {
            for (Worker w : workers) {
                Work c = w.current;
                if (c != null && c.epoch() < epoch) {
                    if (c.tp() != null) {
                        if (partitions.contains(c.tp())) {
                            return true;
                        }
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : c.records()) {
                        if (partitions.contains(r.topicPartition())) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private void forget(Collection<TopicPartition> partitions) {
            Set<TopicPartition> s = new java.util.TreeSet<>(assignment);
            s.removeAll(partitions);
            assignment = Set.copyOf(s);
            tracker.forget(partitions);
            Map<TopicPartition, PartitionProgress> left = new LinkedHashMap<>(progress);
            left.keySet().removeAll(partitions);
            setProgress(Map.copyOf(left)); // their gauges go now, not at the next measurement
            if (!closingSource) {
                partitions.forEach(resumeFrom::remove);
            }
        }
    }
}
