package dev.kurier.client.consumer.internals;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.network.NetworkClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fetches for one consumer on {@code num.consumer.fetchers} threads, independently of poll, into bounded
 * per-partition queues that poll takes from.
 *
 * <p>Brokers are spread over the threads by node id. Each thread keeps one fetch in flight per broker, with an
 * incremental fetch session ({@link FetchSession}), and sends the next one as soon as the response is queued. A
 * partition is fetched while it is assigned, its position known, it is not paused, and its queue holds at most half of
 * {@code queued.max.messages} records (records count until handed out); the fetch asks for about the room left (at the
 * last fetch's bytes per record) and a response is cut on a batch edge at the bound, so a queue holds fewer than
 * {@code queued.max.messages} plus one batch. No partition is fetched while the consumer holds
 * {@code queued.max.bytes} or more in total (bytes count until a fetch's data is fully handed out, as its buffer is
 * held until then, and a compressed batch the poller has opened counts its decompressed bytes too). While one partition of a broker is being drained, fetches to that broker wait at most 20 ms for
 * data, so a long poll on idle partitions does not hold up the drained partition's next fetch. Paused partitions keep
 * what is queued (resume hands it out without a refetch) but are not fetched.
 *
 * <p>The record bound also bounds throughput: per partition and round trip at most about {@code queued.max.messages}
 * records arrive. Raise it for bulk consumption of small records.
 *
 * <p>One lock guards every queue and the totals; nothing per record happens under it. The poller takes a whole
 * {@link QueuedFetch} at a time and decodes it outside the lock.
 */
final class Fetcher implements AutoCloseable {

    final ReentrantLock lock = new ReentrantLock();
    private final Condition dataReady = lock.newCondition();
    /** Guarded by {@link #lock}. */
    final Map<TopicPartition, PartitionQueue> queues = new LinkedHashMap<>();
    /** Bytes queued over all partitions; guarded. */
    long totalBytes;
    /** Records queued over all partitions; guarded. */
    long totalRecords;
    /** Bumped whenever the poller may have something new to take (or should wake up); guarded. */
    private long dataVersion;
    /** Guarded; read by threads under the lock. */
    boolean closed;

    final MetadataManager metadata;
    /** The client's clock: back-offs and fetch timings (waits for a caller's deadline stay on System.nanoTime). */
    final dev.kurier.client.common.Clock clock;
    final NetworkClient network;
    final ConsumerMetrics metrics;
    final String clientId;
    final int maxQueuedRecords;
    final long maxQueuedBytes;
    final int fetchMaxBytes;
    final int partitionMaxBytes;
    final int minBytes;
    final int maxWaitMs;
    final byte isolationLevel;
    final boolean checkCrcs;
    /** {@code max.decompressed.batch.bytes}. */
    final int maxDecompressedBytes;
    final boolean sessions;
    final long retryBackoffNanos;
    /** {@code client.rack}, "" for none: sent in every fetch (KIP-392). */
    final String rackId;
    /** How long a preferred read replica named by a leader is used before asking the leader again. */
    final long readReplicaNanos;
    private final FetcherThread[] threads;
    private boolean started;

    Fetcher(ClientConfig clientConfig, ConsumerConfig config, NetworkClient network, MetadataManager metadata,
            ConsumerMetrics metrics) {
        this.metadata = metadata;
        this.clock = metadata.clock();
        this.network = network;
        this.metrics = metrics;
        this.clientId = clientConfig.clientId();
        this.maxQueuedRecords = config.get(ConsumerConfig.QUEUED_MAX_MESSAGES);
        this.maxQueuedBytes = config.get(ConsumerConfig.QUEUED_MAX_BYTES);
        this.fetchMaxBytes = config.get(ConsumerConfig.FETCH_MAX_BYTES);
        this.partitionMaxBytes = config.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES);
        this.minBytes = config.get(ConsumerConfig.FETCH_MIN_BYTES);
        this.maxWaitMs = (int) Math.min(Integer.MAX_VALUE, config.get(ConsumerConfig.FETCH_MAX_WAIT_MS).toMillis());
        this.isolationLevel = (byte) ("read_committed".equals(config.get(ConsumerConfig.ISOLATION_LEVEL)) ? 1 : 0);
        this.checkCrcs = config.get(ConsumerConfig.CHECK_CRCS);
        this.maxDecompressedBytes = config.get(ConsumerConfig.MAX_DECOMPRESSED_BATCH_BYTES);
        this.sessions = config.get(ConsumerConfig.FETCH_SESSIONS_ENABLED);
        this.retryBackoffNanos = Math.max(clientConfig.get(ClientConfig.RETRY_BACKOFF_MS).toNanos(),
                TimeUnit.MILLISECONDS.toNanos(10));
        this.rackId = config.get(ConsumerConfig.CLIENT_RACK);
        // as kafka-clients: a preferred read replica holds for metadata.max.age.ms
        this.readReplicaNanos = clientConfig.get(ClientConfig.METADATA_MAX_AGE_MS).toNanos();
        this.threads = new FetcherThread[config.get(ConsumerConfig.NUM_CONSUMER_FETCHERS)];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new FetcherThread(this, i, threads.length);
        }
        metrics.queues(this);
    }

    // ---- the poller's side --------------------------------------------------------------------------

    /** Starts tracking {@code tp} (position unknown: not fetched until {@link #restart}); returns its queue. */
    PartitionQueue add(TopicPartition tp) {
        lock.lock();
        try {
            if (!started && !closed) {
                started = true; // threads only for consumers that fetch
                for (FetcherThread t : threads) {
                    t.start();
                }
            }
            return queues.computeIfAbsent(tp, PartitionQueue::new);
        } finally {
            lock.unlock();
        }
    }

    /** Stops fetching {@code tp} and drops what is queued for it. */
    void remove(TopicPartition tp) {
        lock.lock();
        try {
            PartitionQueue q = queues.remove(tp);
            if (q != null) {
                drop(q);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops what is queued for {@code q} and fetches from {@code position} on (-1: not until the next restart). A
     * fetch already in flight for it is ignored when it returns.
     */
    void restart(PartitionQueue q, long position) {
        lock.lock();
        try {
            drop(q);
            q.fetchPosition = position;
            signalFetchers();
        } finally {
            lock.unlock();
        }
    }

    private void drop(PartitionQueue q) {
        totalRecords -= q.records;
        totalBytes -= q.bytes;
        q.generation++;
        q.clear();
    }

    /** Pauses or resumes fetching of {@code q}; what is queued stays. */
    void paused(PartitionQueue q, boolean paused) {
        lock.lock();
        try {
            q.paused = paused;
            if (!paused) {
                signalFetchers();
            }
        } finally {
            lock.unlock();
        }
    }

    /** What the poller takes from a queue: data, or a report once the data before it is out. */
    record Taken(QueuedFetch data, int generation, RuntimeException error, long outOfRangeAt, long truncatedTo) {
    }

    /** The next thing queued for {@code q}, or {@code null}. The data stays counted until {@link #done}. */
    Taken take(PartitionQueue q) {
        lock.lock();
        try {
            QueuedFetch data = q.chunks.poll();
            if (data != null) {
                return new Taken(data, q.generation, null, -1, -1);
            }
            if (q.error != null) {
                RuntimeException e = q.error;
                q.error = null; // reported once; the partition is fetched again after the backoff, and fails again
                q.retryAtNanos = clock.nanoTime() + retryBackoffNanos;
                signalFetchers();
                return new Taken(null, q.generation, e, -1, -1);
            }
            if (q.outOfRangeAt >= 0) {
                return new Taken(null, q.generation, null, q.outOfRangeAt, -1);
            }
            if (q.truncatedTo >= 0) {
                return new Taken(null, q.generation, null, -1, q.truncatedTo);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The poller has handed out {@code data} (taken under {@code generation}) up to {@code position}: the records
     * before it no longer count against {@code queued.max.messages}, so the next fetch can be on its way while the rest
     * is handed out. Its bytes count until {@link #done}, as the buffer is held until then. Called once per partition
     * per poll, not per record.
     */
    void progress(PartitionQueue q, QueuedFetch data, int generation, long position) {
        lock.lock();
        try {
            if (q.generation == generation && queues.get(q.partition) == q && data.recordCount > 0) {
                int left = (int) Math.max(0, Math.min(data.countedRecords, data.endOffset - position));
                uncount(q, data, data.countedRecords - left, 0);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The poller opened ({@code delta > 0}) or closed ({@code delta < 0}) a compressed batch of {@code data}: while
     * open, its decompressed bytes count toward {@code queued.max.bytes} like the fetched ones.
     */
    void decompressed(PartitionQueue q, QueuedFetch data, int generation, long delta) {
        lock.lock();
        try {
            if (q.generation != generation || queues.get(q.partition) != q) {
                return; // repositioned or removed meanwhile: its counts were dropped with it
            }
            if (delta > 0) {
                data.countedBytes += delta;
                q.bytes += delta;
                totalBytes += delta;
            } else {
                uncount(q, data, 0, Math.min(-delta, data.countedBytes));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The poller is through with {@code data} (taken under {@code generation}): it no longer counts. */
    void done(PartitionQueue q, QueuedFetch data, int generation) {
        lock.lock();
        try {
            if (q.generation == generation && queues.get(q.partition) == q) {
                uncount(q, data, data.countedRecords, data.countedBytes);
                if (q.chunks.isEmpty()) {
                    q.stalled = false;
                    signalFetchers();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void uncount(PartitionQueue q, QueuedFetch data, int records, long bytes) {
        if (records <= 0 && bytes <= 0) {
            return;
        }
        boolean wasDraining = q.records > maxQueuedRecords / 2;
        boolean wasFull = totalBytes >= maxQueuedBytes;
        data.countedRecords -= records;
        data.countedBytes -= bytes;
        q.records -= records;
        q.bytes -= bytes;
        totalRecords -= records;
        totalBytes -= bytes;
        // Wake the fetchers only when this can let a fetch go out (the partition or the whole consumer drops below its
        // bound): poll reports progress every time, and a wake-up per poll costs both threads a futex call for nothing.
        if ((wasDraining && q.records <= maxQueuedRecords / 2) || (wasFull && totalBytes < maxQueuedBytes)) {
            signalFetchers();
        }
    }

    /** Tests only: how many of the fetcher threads' next rounds fail, as an unexpected error would make them. */
    final java.util.concurrent.atomic.AtomicInteger injectedFaults = new java.util.concurrent.atomic.AtomicInteger();
    /** Why a fetcher thread stopped, or null. */
    private volatile Throwable failure;

    /** A fetcher thread gave up: {@link #checkFailure} reports it from now on, and the poller wakes. */
    void failed(int thread, Throwable cause) {
        failure = cause;
        signalPoller();
    }

    /**
     * Throws when a fetcher thread stopped, so that {@code poll} fails with the cause instead of returning nothing
     * for its brokers' partitions for ever.
     */
    void checkFailure() {
        Throwable cause = failure;
        if (cause != null) {
            throw new dev.kurier.client.errors.KurierException("consumer " + clientId + ": a fetcher thread stopped "
                    + "after unexpected errors, so its brokers' partitions are not fetched; close this consumer and "
                    + "create a new one. Cause: " + cause, cause);
        }
    }

    /** A value that changes when something may be ready for the poller; pass it to {@link #awaitData}. */
    long dataVersion() {
        lock.lock();
        try {
            return dataVersion;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@link #dataVersion()} moves on from {@code seen}, or {@code deadlineNanos}. */
    void awaitData(long seen, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = deadlineNanos - System.nanoTime();
            while (dataVersion == seen && !closed && left > 0) {
                left = dataReady.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the poller from {@link #awaitData} (wakeup(), or new data). Call under the lock or not. */
    void signalPoller() {
        lock.lock();
        try {
            dataVersion++;
            dataReady.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: lets every fetcher thread look for work. */
    void signalFetchers() {
        for (FetcherThread t : threads) {
            t.signal();
        }
    }

    /** Tests only: every thread's next fetch uses an unknown session id or epoch (see {@link FetchSession#damage}). */
    void damageSessions(int idDelta, int epochDelta) {
        for (FetcherThread t : threads) {
            t.damageSessions(idDelta, epochDelta);
        }
        lock.lock();
        try {
            signalFetchers();
        } finally {
            lock.unlock();
        }
    }

    // ---- gauges -------------------------------------------------------------------------------------

    long queuedRecords() {
        lock.lock();
        try {
            return totalRecords;
        } finally {
            lock.unlock();
        }
    }

    long queuedBytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Records queued per partition (queue depth). */
    Map<TopicPartition, Integer> queueDepths() {
        lock.lock();
        try {
            Map<TopicPartition, Integer> out = new LinkedHashMap<>();
            queues.forEach((tp, q) -> out.put(tp, q.records));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Record-batch bytes queued per partition. */
    Map<TopicPartition, Long> queueBytes() {
        lock.lock();
        try {
            Map<TopicPartition, Long> out = new LinkedHashMap<>();
            queues.forEach((tp, q) -> out.put(tp, q.bytes));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The most records each partition's queue has held at once. */
    Map<TopicPartition, Integer> peakQueueDepths() {
        lock.lock();
        try {
            Map<TopicPartition, Integer> out = new LinkedHashMap<>();
            queues.forEach((tp, q) -> out.put(tp, q.peakRecords));
            return out;
        } finally {
            lock.unlock();
        }
    }

    // ---- closing ------------------------------------------------------------------------------------

    /**
     * Stops the threads, releases every queued buffer and closes the brokers' fetch sessions; responses still on the
     * way are released when they arrive. The chunks the poller holds are the poller's to release.
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    void close(Duration timeout) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            signalFetchers();
            dataReady.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (FetcherThread t : threads) {
            t.join(deadline);
        }
        lock.lock();
        try {
            for (FetcherThread t : threads) {
                t.releaseCompleted();
            }
            for (PartitionQueue q : queues.values()) {
                drop(q);
            }
            queues.clear();
        } finally {
            lock.unlock();
        }
        closeSessions(deadline);
    }

    /**
     * Closes the brokers' fetch sessions as kafka-clients does (see {@link FetchSession#close}), waiting for the answers
     * until the close deadline, and at most a fetch's wait plus a second: a fetch still in flight on the connection
     * is answered first. Sessions not closed in time simply expire on the broker.
     */
    private void closeSessions(long deadline) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (FetcherThread t : threads) {
            sent.addAll(t.closeSessions());
        }
        if (sent.isEmpty()) {
            return;
        }
        long wait = Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(maxWaitMs + 1000L));
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a failed or late close: the broker expires the session
        }
    }
}
