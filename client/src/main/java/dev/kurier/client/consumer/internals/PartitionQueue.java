package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;
import java.util.ArrayDeque;

/**
 * One assigned partition as the {@link Fetcher} sees it: where to fetch next, and the fetched data waiting for poll.
 * Every field is guarded by the fetcher's lock; the poller owns a {@link QueuedFetch} once it has taken it, and gives
 * it back with {@link Fetcher#done} when exhausted.
 *
 * <p>{@link #generation} goes up whenever the position changes under the fetcher (seek, reset, parking on a bad
 * record, revoke): a response to a fetch sent under an older generation is dropped, so no stale record is queued.
 */
final class PartitionQueue {

    final TopicPartition partition;
    /** Bumped on every reposition; fetches remember the generation they were sent under. */
    int generation;
    /** Next offset to fetch (the end of the queued data), or -1 while the position is unknown. */
    long fetchPosition = -1;
    boolean paused;
    /** Fetched data in offset order; the poller may hold one more, taken from the head (still counted). */
    final ArrayDeque<QueuedFetch> chunks = new ArrayDeque<>();
    /** Records and bytes queued or out with the poller. */
    int records;
    long bytes;
    /** Data that did not move the fetch position (a damaged or partial batch) waits for the poller: no refetch. */
    boolean stalled;
    /** The offset the broker said was out of range, or -1: fetching stops until the poller resets the position. */
    long outOfRangeAt = -1;
    /**
     * The leader epoch of the last batch queued (the batch just before {@link #fetchPosition}), sent with the next
     * fetch so the leader can say whether its log still holds it (KIP-320); -1 when unknown (after a reposition).
     */
    int lastFetchedEpoch = -1;
    /**
     * The end offset of the last epoch the leader's log shares with what was fetched, when it said the log diverged
     * (truncated by an unclean leader election), or -1: fetching stops until the poller repositions.
     */
    long truncatedTo = -1;
    /** The follower the leader named to fetch from (KIP-392), -1 for the leader; valid until readReplicaUntil. */
    int readReplica = -1;
    long readReplicaUntilNanos;
    /** A non-retriable fetch error for the poller to raise, once the data before it is handed out. */
    RuntimeException error;
    /** A partition-level retriable error: not fetched again before this (System.nanoTime). */
    long retryAtNanos;
    /** Bytes per record in the last fetch (sizes the next one to the room left), 0 until known. */
    int bytesPerRecord;
    /** The largest batch seen: a partition fetch limit must not be below it, or no whole batch comes back. */
    int largestBatch;
    /**
     * The last answer held only the start of the first batch (cut off behind other partitions' data, or at a limit
     * below its size): the next fetch asks for this partition alone, where a broker returns a first batch whole
     * (KIP-74), so a busy neighbour cannot keep it from making progress.
     */
    boolean fetchAlone;
    /** The highest {@link #records} seen (for tests of the bound and a queue-depth gauge). */
    int peakRecords;
    volatile long highWatermark = -1;
    volatile long logStartOffset = -1;
    volatile long lastStableOffset = -1;

    PartitionQueue(TopicPartition partition) {
        this.partition = partition;
    }

    /**
     * Whether a fetch for it may go out now. Below half the per-partition record bound: a fetch then brings at least
     * half a queue's worth (few, large fetches), while the other half is handed out meanwhile.
     */
    boolean fetchable(int maxRecords, long now) {
        return fetchPosition >= 0 && !paused && !stalled && outOfRangeAt < 0 && truncatedTo < 0 && error == null
                && records <= maxRecords / 2 && now - retryAtNanos >= 0;
    }

    /** Whether it holds data and waits only for the poller to make room before its next fetch. */
    boolean draining(int maxRecords) {
        return fetchPosition >= 0 && !paused && records > maxRecords / 2;
    }

    /** Whether the poller has something to take: data, or an error/out-of-range report. */
    boolean hasSomething() {
        return !chunks.isEmpty() || error != null || outOfRangeAt >= 0 || truncatedTo >= 0;
    }

    /**
     * Drops queued data (releasing buffers) and reports, for a reposition (which bumps the generation, so the chunk
     * the poller holds, its own to release, is no longer counted when done).
     */
    void clear() {
        QueuedFetch q;
        while ((q = chunks.poll()) != null) {
            q.records.close();
        }
        records = 0;
        bytes = 0;
        stalled = false;
        outOfRangeAt = -1;
        truncatedTo = -1;
        lastFetchedEpoch = -1;
        error = null;
        retryAtNanos = 0;
    }
}
