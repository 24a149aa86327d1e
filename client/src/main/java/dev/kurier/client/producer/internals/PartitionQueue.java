package dev.kurier.client.producer.internals;

import dev.kurier.client.common.TopicPartition;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records waiting for one partition. Senders append without locks; only the sender thread takes records
 * out and touches the fields below the queue.
 */
final class PartitionQueue {

    final TopicPartition partition;
    final ConcurrentLinkedQueue<PendingRecord> records = new ConcurrentLinkedQueue<>();
    final AtomicInteger queuedBytes = new AtomicInteger();

    // sender thread only
    ProducerBatch retry;
    long retryAfterNanos;
    boolean inFlight;
    /** Next idempotent sequence number for this partition under the current producer epoch. */
    int nextSequence;
    /** The producer-id generation {@link #nextSequence} belongs to. */
    int idGeneration;

    PartitionQueue(TopicPartition partition) {
        this.partition = partition;
    }

    boolean isIdle() {
        return records.isEmpty() && retry == null && !inFlight;
    }
}
