package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;

/** What the consumer knows about one assigned partition. Touched only by the polling thread. */
final class PartitionState {

    final TopicPartition partition;
    /** Next offset to return; -1 until known. */
    long position = -1;
    /** Pending reset: ListOffsets timestamp (-2 earliest, -1 latest) or {@code null}. */
    Long resetTo;
    long highWatermark = -1;
    long logStartOffset = -1;
    boolean paused;
    FetchedRecords buffered;
    int leaderEpoch = -1;
    /** Whether the group's committed offset was looked up (assign mode under a group.id). */
    boolean committedChecked;

    PartitionState(TopicPartition partition) {
        this.partition = partition;
    }

    boolean fetchable() {
        return !paused && position >= 0 && resetTo == null && buffered == null;
    }
}
