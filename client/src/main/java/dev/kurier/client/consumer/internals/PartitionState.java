package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;

/**
 * What the consumer knows about one assigned partition. Touched only by the polling thread; what the fetcher threads
 * share with it is in its {@link PartitionQueue}.
 */
final class PartitionState {

    final TopicPartition partition;
    /** The fetcher's side of this partition. */
    final PartitionQueue queue;
    /** Next offset to return; -1 until known. */
    long position = -1;
    /** Pending reset: ListOffsets timestamp (-2 earliest, -1 latest) or {@code null}. */
    Long resetTo;
    boolean paused;
    /** The fetched data being handed out, taken from the queue under {@link #generation}. */
    QueuedFetch current;
    FetchedRecords buffered;
    int generation;
    int leaderEpoch = -1;
    /** The timestamp of the last record handed out, -1 before one (for the time lag). */
    long lastTimestamp = -1;
    /** Whether the group's committed offset was looked up (assign mode under a group.id). */
    boolean committedChecked;

    PartitionState(TopicPartition partition, PartitionQueue queue) {
        this.partition = partition;
        this.queue = queue;
    }
}
