package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import java.time.Duration;

/**
 * A listener call in progress, for health: its (first) record, how long it has run, and the worker thread.
 *
 * @param partition the record's topic-partition
 * @param offset    the record's offset
 * @param running   how long the call has been running (to within a poll timeout)
 * @param thread    the worker thread's name
 */
public record InFlightRecord(TopicPartition partition, long offset, Duration running, String thread) {

    @Override
    public String toString() {
        return partition + "@" + offset + " in the listener for " + running.toMillis() + " ms (" + thread + ")";
    }
}
