package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.client.consumer.internals.OffsetTracker;
import dev.kurier.client.consumer.parallel.WorkerPool;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread's hand-out of one run: splits a poll's records into {@link Work} for the workers as the ordering
 * rule says (chunks per partition, per key, or spread; batches per worker), tracks each piece in the run's
 * {@link OffsetTracker}, and hands it to the run's {@link WorkerPool} (the client's, which {@code ParallelConsumer}
 * runs on too), which never blocks: work for a full worker queue is parked and its partitions held back at the source
 * until there is room. Every partition is held back while too many records are unacknowledged. Poll thread only.
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);
    private final ListenerEndpoint endpoint;
    private final ContainerSettings settings;
    private final WorkerPool<Work> pool;
    private final OffsetTracker tracker;
    private final Staleness staleness;
    private final RecordSource src;
    private final WorkerPool.Gate gate;
    /** Whether every partition is held back because too many records are unacknowledged. */
    private boolean capHeld;
    private long capWarnedFor = -1;

    Dispatcher(ListenerEndpoint endpoint, ContainerSettings settings, WorkerPool<Work> pool, OffsetTracker tracker,
               Staleness staleness, RecordSource src) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.pool = pool;
        this.tracker = tracker;
        this.staleness = staleness;
        this.src = src;
        this.gate = new WorkerPool.Gate() {
            @Override
            public void pause(Collection<TopicPartition> partitions) {
                log.debug("listener {}: worker queue full, holding back {}", endpoint.id(), partitions);
                src.pausePartitions(List.copyOf(partitions));
            }

            @Override
            public void resume(Collection<TopicPartition> partitions) {
                src.resumePartitions(List.copyOf(partitions));
            }
        };
    }

    /** Whether anything is held back now (the poll thread then polls briefly, to go on soon after there is room). */
    boolean holding() {
        return pool.holding() || capHeld;
    }

    /** Hands a poll's records to the workers: never waits long (full queues park the work). */
    void dispatch(ConsumerRecords<byte[], byte[]> records) {
        OffsetTracker t = tracker;
        long epoch = staleness.epoch();
        if (endpoint.batch()) {
            dispatchBatches(records, t, epoch);
        } else {
            dispatchChunks(records, t, epoch);
        }
    }

    /**
     * Record listeners: per partition, the polled records go to the workers in chunks (one queue operation and one
     * tracker call per chunk) instead of one by one; a worker calls the listener per record of a chunk. A chunk holds
     * records of one partition for one worker, in offset order, so the ordering rules hold as with single records.
     * Chunks are at most one queue's capacity; with ordering NONE a partition's records are spread over the workers
     * in equal slices so they still run in parallel.
     */
    private void dispatchChunks(ConsumerRecords<byte[], byte[]> records, OffsetTracker t, long epoch) {
        int n = pool.lanes().size();
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
                case PARTITION -> handOutSlices(WorkerPool.partitionLane(tp, n), rs, cap, tp, t, epoch);
                case NONE -> handOutSlices(0, rs, Math.min(cap, (size + n - 1) / n), tp, t, epoch);
                case KEY -> handOutByKey(n, rs, cap, tp, t, epoch);
            }
        }
    }

    /** Hands {@code rs} (of {@code tp}) to lane {@code lane} in chunks of at most {@code slice}. */
    private void handOutSlices(int lane, List<ConsumerRecord<byte[], byte[]>> rs, int slice, TopicPartition tp,
                               OffsetTracker t, long epoch) {
        int size = rs.size();
        for (int from = 0; from < size; from += slice) {
            int to = Math.min(size, from + slice);
            List<ConsumerRecord<byte[], byte[]>> chunk = from == 0 && to == size ? rs : rs.subList(from, to);
            pool.handOut(lane, new Work(chunk, tp, t.chunk(tp, chunk), null, epoch), gate);
        }
    }

    /**
     * Ordering KEY: {@code rs} (of {@code tp}) split by key over the workers. The workers' chunks interleave in offset
     * order, so all are tracked before any is queued: the resume offset cannot pass a record not yet tracked.
     */
    private void handOutByKey(int n, List<ConsumerRecord<byte[], byte[]>> rs, int cap, TopicPartition tp,
                              OffsetTracker t, long epoch) {
        List<List<ConsumerRecord<byte[], byte[]>>> byWorker = WorkerPool.byKey(tp, rs, n);
        List<Work> works = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<ConsumerRecord<byte[], byte[]>> l = byWorker.get(i);
            for (int from = 0; from < l.size(); from += cap) {
                List<ConsumerRecord<byte[], byte[]>> chunk = l.subList(from, Math.min(l.size(), from + cap));
                works.add(new Work(chunk, tp, t.chunk(tp, chunk), null, epoch));
                targets.add(i);
            }
        }
        for (int i = 0; i < works.size(); i++) {
            pool.handOut(targets.get(i), works.get(i), gate);
        }
    }

    /**
     * Batch listeners: one call per worker per poll, with that worker's records of every partition; each worker's
     * records of one partition are one chunk of the tracker, all tracked before any is queued. Only key ordering
     * looks at records one by one; otherwise a partition's records go to one worker whole, without copying.
     */
    @SuppressWarnings("unchecked")
    private void dispatchBatches(ConsumerRecords<byte[], byte[]> records, OffsetTracker t, long epoch) {
        int n = pool.lanes().size();
        Ordering ordering = n == 1 ? Ordering.PARTITION : endpoint.ordering();
        List<ConsumerRecord<byte[], byte[]>>[] byLane = new List[n];
        List<OffsetTracker.Chunk>[] chunks = new List[n];
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
            if (rs.isEmpty()) {
                continue;
            }
            if (ordering != Ordering.KEY) {
                int lane = ordering == Ordering.NONE ? 0 : WorkerPool.partitionLane(tp, n);
                addTo(byLane, chunks, lane, rs, t.chunk(tp, rs));
                continue;
            }
            List<List<ConsumerRecord<byte[], byte[]>>> ofPartition = WorkerPool.byKey(tp, rs, n);
            for (int lane = 0; lane < n; lane++) {
                if (!ofPartition.get(lane).isEmpty()) {
                    addTo(byLane, chunks, lane, ofPartition.get(lane), t.chunk(tp, ofPartition.get(lane)));
                }
            }
        }
        for (int lane = 0; lane < n; lane++) {
            if (byLane[lane] != null) {
                pool.handOut(lane, new Work(java.util.Collections.unmodifiableList(byLane[lane]), null, null,
                        chunks[lane], epoch), gate);
            }
        }
    }

    private static void addTo(List<ConsumerRecord<byte[], byte[]>>[] byLane, List<OffsetTracker.Chunk>[] chunks,
                              int lane, List<ConsumerRecord<byte[], byte[]>> rs, OffsetTracker.Chunk chunk) {
        if (byLane[lane] == null) {
            byLane[lane] = rs; // the only partition so far: no copy
            chunks[lane] = List.of(chunk);
            return;
        }
        if (chunks[lane].size() == 1) {
            byLane[lane] = new ArrayList<>(byLane[lane]);
            chunks[lane] = new ArrayList<>(chunks[lane]);
        }
        byLane[lane].addAll(rs);
        chunks[lane].add(chunk);
    }

    /** Moves parked work into worker queues that have room now, in order; releases partitions left with none. */
    void unpark() {
        pool.unpark(w -> w.tp() != null ? (staleness.stale(w.tp(), w.epoch()) ? null : w) : staleness.live(w), gate,
                !capHeld);
    }

    /**
     * Bounds the records handed out and not acknowledged (in MANUAL mode a listener may hold them for ever, each
     * pinning its poll's records): at {@code maxPendingRecords} every partition is held back, with a WARN naming
     * where acknowledgements are missing, until some are acknowledged.
     */
    void capPending() {
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
            resume.removeAll(pool.heldBack());
            src.resumePartitions(resume);
        }
    }

}
