package dev.kurier.spring.listener;

import dev.kurier.client.consumer.internals.OffsetTracker;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.Ordering;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread's hand-out of one run: splits a poll's records into {@link Work} for the workers as the ordering
 * rule says (chunks per partition, per key, or spread; batches per worker), tracks each piece in the run's
 * {@link OffsetTracker}, and never blocks: work for a full worker queue is parked and its partitions held back at the
 * source until there is room, and every partition is held back while too many records are unacknowledged. Poll
 * thread only.
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);
    /** How long a hand-off waits for room in a worker queue before the work is parked. */
    static final java.time.Duration HANDOFF_WAIT = java.time.Duration.ofMillis(100);

    private final ListenerEndpoint endpoint;
    private final ContainerSettings settings;
    private final Worker[] workers;
    private final OffsetTracker tracker;
    private final Staleness staleness;
    private final RecordSource src;
    /** Partitions held back because work of theirs is parked (a full worker queue): how many parked works each. */
    private final Map<TopicPartition, Integer> heldBack = new HashMap<>();
    /** Whether every partition is held back because too many records are unacknowledged. */
    private boolean capHeld;
    private long capWarnedFor = -1;

    Dispatcher(ListenerEndpoint endpoint, ContainerSettings settings, Worker[] workers, OffsetTracker tracker,
               Staleness staleness, RecordSource src) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.workers = workers;
        this.tracker = tracker;
        this.staleness = staleness;
        this.src = src;
    }

    /** Whether anything is held back now (the poll thread then polls briefly, to go on soon after there is room). */
    boolean holding() {
        return !heldBack.isEmpty() || capHeld;
    }

    /** Hands a poll's records to the workers: never waits (full queues park the work). */
    void dispatch(ConsumerRecords<byte[], byte[]> records) {
        Worker[] ws = workers;
        OffsetTracker t = tracker;
        long epoch = staleness.epoch();
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
        if (w.parked.isEmpty() && offer(w, work)) {
            return;
        }
        w.parked.addLast(work);
        List<TopicPartition> newlyHeld = new ArrayList<>();
        for (TopicPartition tp : work.partitions()) {
            if (heldBack.merge(tp, 1, Integer::sum) == 1) {
                newlyHeld.add(tp);
            }
        }
        if (!newlyHeld.isEmpty()) {
            log.debug("listener {}: worker queue full, holding back {}", endpoint.id(), newlyHeld);
            src.pausePartitions(newlyHeld);
        }
    }

    /**
     * Offers {@code work} to {@code w}'s queue, waiting up to {@link #HANDOFF_WAIT} for room: a listener that keeps
     * up frees room within that, and holding partitions back (pausing and resuming them at the consumer) would cost
     * more than the wait. Only a worker that stays full (a long back-off, a broken dead-letter topic) gets its work
     * parked.
     */
    private static boolean offer(Worker w, Work work) {
        try {
            return w.queue.offer(work, HANDOFF_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Moves parked work into worker queues that have room now, in order; releases partitions left with none. */
    void unpark() {
        if (heldBack.isEmpty()) {
            return;
        }
        List<TopicPartition> released = new ArrayList<>();
        for (Worker w : workers) {
            Work head;
            while ((head = w.parked.peekFirst()) != null) {
                Work live = head.tp() != null ? (staleness.stale(head.tp(), head.epoch()) ? null : head) : staleness.live(head);
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
            resume.removeAll(heldBack.keySet());
            src.resumePartitions(resume);
        }
    }

}
