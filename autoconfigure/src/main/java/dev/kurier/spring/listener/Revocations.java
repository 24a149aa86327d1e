package dev.kurier.spring.listener;

import dev.kurier.client.consumer.internals.OffsetTracker;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.parallel.WorkerLane;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions a container reads, as its record source assigns and revokes them. A revocation (on the poll
 * thread, inside the source's poll) makes the partitions' records stale so no more are handed out, waits (up to the
 * revoke timeout, woken by the workers' {@link Signal}) for the ones being processed, and returns the offsets to
 * commit: after every record acknowledged meanwhile. A loss forgets the partitions at once, committing nothing.
 */
final class Revocations implements RecordSource.AssignmentListener {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);

    private final ListenerEndpoint endpoint;
    private final ContainerSettings settings;
    private final Staleness staleness;
    private final Signal changes;
    private final ProgressMeter meter;
    private final Supplier<List<WorkerLane<Work>>> workers;
    private final Supplier<OffsetTracker> tracker;
    private final Map<TopicPartition, Long> resumeFrom;
    private final BooleanSupplier closingSource;
    /** Told of assignments and revocations (events); set by the container. */
    private volatile ChangeListener changeListener = (partitions, added, lost) -> { };

    /** Told when partitions come ({@code added}) or go ({@code lost}: without a commit). */
    @FunctionalInterface
    interface ChangeListener {
        void changed(Collection<TopicPartition> partitions, boolean added, boolean lost);
    }
    private volatile Set<TopicPartition> assignment = Set.of();

    /**
     * Revocations for a container: {@code workers} and {@code tracker} give the current run's, {@code resumeFrom}
     * the container's restart offsets (kept for partitions revoked while {@code closingSource}).
     */
    Revocations(ListenerEndpoint endpoint, ContainerSettings settings, Staleness staleness, Signal changes,
                ProgressMeter meter, Supplier<List<WorkerLane<Work>>> workers, Supplier<OffsetTracker> tracker,
                Map<TopicPartition, Long> resumeFrom, BooleanSupplier closingSource) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.staleness = staleness;
        this.changes = changes;
        this.meter = meter;
        this.workers = workers;
        this.tracker = tracker;
        this.resumeFrom = resumeFrom;
        this.closingSource = closingSource;
    }

    /** Sets who is told of partitions coming and going. */
    void onChange(ChangeListener listener) {
        this.changeListener = listener;
    }

    /** The partitions read now. */
    Set<TopicPartition> assignment() {
        return assignment;
    }

    /** Reads nothing (a run starts or ended). */
    void clear() {
        assignment = Set.of();
    }

    @Override
    public void assigned(Collection<TopicPartition> partitions) {
        Set<TopicPartition> s = new java.util.TreeSet<>(assignment);
        s.addAll(partitions);
        assignment = Set.copyOf(s);
        changeListener.changed(partitions, true, false);
    }

    @Override
    public Map<TopicPartition, Long> revoked(Collection<TopicPartition> partitions) {
        long epoch = staleness.revoke(partitions);
        changes.signalAll(); // retry waits of these partitions end
        awaitInFlight(Set.copyOf(partitions), epoch);
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        OffsetTracker t = tracker.get();
        for (TopicPartition tp : partitions) {
            long o = t.resumeOffset(tp);
            if (o >= 0) {
                out.put(tp, o);
            }
        }
        forget(partitions);
        changeListener.changed(partitions, false, false);
        return out;
    }

    @Override
    public void lost(Collection<TopicPartition> partitions) {
        staleness.revoke(partitions);
        changes.signalAll();
        forget(partitions);
        changeListener.changed(partitions, false, true);
    }

    /** Waits, up to the revoke timeout, until no worker processes a record of {@code partitions}. */
    private void awaitInFlight(Set<TopicPartition> partitions, long epoch) {
        long deadline = System.nanoTime() + settings.revokeTimeout().toNanos();
        while (true) {
            long seen = changes.generation(); // a worker finishing after this check signals a later one
            if (!busyWith(partitions, epoch)) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.warn("listener {}: records of revoked {} still being processed after {} ms; committing before "
                        + "them, so the new owner processes them again", endpoint.id(), partitions,
                        settings.revokeTimeout().toMillis());
                return;
            }
            try {
                changes.await(seen, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean busyWith(Set<TopicPartition> partitions, long epoch) {
        for (WorkerLane<Work> w : workers.get()) {
            Work c = w.current();
            if (c != null && c.epoch() < epoch && c.touches(partitions)) {
                return true;
            }
        }
        return false;
    }

    private void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> s = new java.util.TreeSet<>(assignment);
        s.removeAll(partitions);
        assignment = Set.copyOf(s);
        tracker.get().forget(partitions);
        meter.forget(partitions); // their gauges go now, not at the next measurement
        if (!closingSource.getAsBoolean()) {
            partitions.forEach(resumeFrom::remove);
        }
    }
}
