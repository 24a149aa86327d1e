package dev.kurier.spring.listener;

import dev.kurier.client.consumer.internals.OffsetTracker;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.consumer.internals.PersistedAcks;
import dev.kurier.client.group.OffsetAndMetadata;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a listener's processed offsets to its consumer group, as faust does: per partition only the next offset
 * after the highest consecutive acknowledged record (what the container's {@link OffsetTracker} hands over), at
 * most once per commit interval, and right away when partitions are revoked or the listener stops. Offsets already
 * committed are not sent again. Used on the poll thread only.
 */
final class OffsetCommitter {

    private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

    private final String listenerId;
    private final long intervalNanos;
    private final Map<TopicPartition, Long> pending = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile Map<TopicPartition, Long> committedView = Map.of();
    private long nextDue;

    /** The container's acknowledgements beyond a committed offset, for the commit metadata; null: none. */
    private volatile java.util.function.BiFunction<TopicPartition, Long, long[]> acked;

    /** Commits name the acknowledgements {@code acked} gives beyond their offsets (acks.persist). */
    void acknowledgedBeyond(java.util.function.BiFunction<TopicPartition, Long, long[]> acked) {
        this.acked = acked;
    }

    /** A committer for listener {@code listenerId} committing at most every {@code interval}. */
    OffsetCommitter(String listenerId, Duration interval) {
        this.listenerId = listenerId;
        this.intervalNanos = interval.toNanos();
        this.nextDue = System.nanoTime() + intervalNanos;
    }

    /** The latest processed offsets; those of partitions not in {@code owned} are ignored. */
    void offer(Map<TopicPartition, Long> nextOffsets, Set<TopicPartition> owned) {
        nextOffsets.forEach((tp, o) -> {
            if (owned.contains(tp)) {
                pending.put(tp, o);
            }
        });
    }

    /** Commits the pending offsets if the interval has passed since the last commit. */
    void commitIfDue(Consumer<?, ?> consumer) {
        if (System.nanoTime() - nextDue >= 0) {
            commitPending(consumer);
        }
    }

    /** Commits the pending offsets now (stop, close). Failures are logged; they are retried on the next call. */
    void commitPending(Consumer<?, ?> consumer) {
        nextDue = System.nanoTime() + intervalNanos;
        commit(consumer, pending, "interval");
    }

    /**
     * Commits {@code offsets} now (partitions being revoked: the new owner starts there) and forgets those
     * partitions. Returns whether the commit succeeded (or there was nothing new to commit).
     */
    boolean commitAndForget(Consumer<?, ?> consumer, Map<TopicPartition, Long> offsets) {
        boolean ok = commit(consumer, offsets, "revocation");
        forget(offsets.keySet());
        return ok;
    }

    /** {@code offsets} were committed another way (in a transaction): not pending any more, and counted committed. */
    void committedElsewhere(Map<TopicPartition, Long> offsets) {
        offsets.forEach((tp, o) -> {
            pending.remove(tp, o);
            committed.put(tp, o);
        });
        committedView = Map.copyOf(committed);
    }

    /** Forgets {@code partitions} (revoked or lost) without committing. */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            pending.remove(tp);
            committed.remove(tp);
        }
        committedView = Map.copyOf(committed);
    }

    /** The offsets this committer last committed successfully, per partition still owned. */
    Map<TopicPartition, Long> committed() {
        return committedView;
    }

    private boolean commit(Consumer<?, ?> consumer, Map<TopicPartition, Long> offsets, String why) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = new LinkedHashMap<>();
        offsets.forEach((tp, o) -> {
            if (o >= 0 && !o.equals(committed.get(tp))) {
                long[] beyond = acked == null ? new long[0] : acked.apply(tp, o);
                toCommit.put(tp, beyond.length == 0 ? OffsetAndMetadata.of(o)
                        : OffsetAndMetadata.of(o, PersistedAcks.encode(o, PersistedAcks.toRanges(beyond))));
            }
        });
        if (toCommit.isEmpty()) {
            return true;
        }
        try {
            consumer.commitSync(toCommit);
        } catch (WakeupException e) {
            // a stop or pause asked for attention; the offsets stay pending for the next commit
            return false;
        } catch (KurierException | IllegalStateException e) {
            log.warn("listener {}: {} commit of {} failed (retried at the next commit): {}", listenerId, why,
                    toCommit.keySet(), e.getMessage());
            return false;
        }
        toCommit.forEach((tp, o) -> committed.put(tp, o.offset()));
        committedView = Map.copyOf(committed);
        log.debug("listener {}: {} commit {}", listenerId, why, toCommit);
        return true;
    }
}
