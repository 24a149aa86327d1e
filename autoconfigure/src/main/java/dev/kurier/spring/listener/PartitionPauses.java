package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The two reasons a record source's partitions are paused, kept apart: the whole container paused
 * ({@link RecordSource#pause()}), and single partitions held back because a worker queue they feed is full
 * ({@link RecordSource#pausePartitions}). A partition is read only when neither applies. Poll thread only.
 */
final class PartitionPauses {

    private final Set<TopicPartition> held = new HashSet<>();
    private boolean all;

    /** Pauses every assigned partition. */
    void pauseAll(Consumer<?, ?> consumer) {
        all = true;
        consumer.pause(consumer.assignment());
    }

    /** Resumes the assigned partitions that are not held back. */
    void resumeAll(Consumer<?, ?> consumer) {
        all = false;
        List<TopicPartition> resume = new ArrayList<>(consumer.assignment());
        resume.removeAll(held);
        consumer.resume(resume);
    }

    /** Holds back {@code partitions} (those assigned now are paused; the rest when assigned). */
    void hold(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        held.addAll(partitions);
        consumer.pause(assignedOf(consumer, partitions));
    }

    /** Releases {@code partitions}: read again unless the whole source is paused. */
    void release(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        held.removeAll(partitions);
        if (!all) {
            consumer.resume(assignedOf(consumer, partitions));
        }
    }

    /** Newly assigned {@code partitions} start paused when the source is, or when held back. */
    void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (all) {
            consumer.pause(partitions);
            return;
        }
        List<TopicPartition> pause = new ArrayList<>(partitions);
        pause.retainAll(held);
        consumer.pause(pause);
    }

    /** Forgets partitions no longer read. */
    void forget(Collection<TopicPartition> partitions) {
        held.removeAll(partitions);
    }

    /** Whether the whole source is paused. */
    boolean allPaused() {
        return all;
    }

    private static List<TopicPartition> assignedOf(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        List<TopicPartition> out = new ArrayList<>(partitions);
        out.retainAll(consumer.assignment());
        return out;
    }
}
