package dev.kurier.spring.listener;

import dev.kurier.client.consumer.internals.OffsetTracker;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Records for a worker, their chunks of the run's {@link OffsetTracker} to acknowledge them in, and the revocation
 * epoch when they were handed out. For a record listener one chunk of one partition ({@code tp} and {@code chunk}
 * set), one handler call per record; for a batch listener one handler call over records of any partitions (their
 * {@code chunks}, one per partition in the order of the records; {@code tp} and {@code chunk} null).
 */
record Work(List<ConsumerRecord<byte[], byte[]>> records, TopicPartition tp, OffsetTracker.Chunk chunk,
            List<OffsetTracker.Chunk> chunks, long epoch) {

    /** What it counts towards a worker queue's bound: its records (a batch too: memory stays bounded). */
    int weight() {
        return records.size();
    }

    /** The partitions of its records. */
    List<TopicPartition> partitions() {
        if (tp != null) {
            return List.of(tp);
        }
        List<TopicPartition> out = new ArrayList<>(chunks.size());
        for (OffsetTracker.Chunk c : chunks) {
            if (!out.contains(c.topicPartition())) {
                out.add(c.topicPartition());
            }
        }
        return out;
    }

    /** Whether any record of it belongs to one of {@code partitions}. */
    boolean touches(java.util.Set<TopicPartition> partitions) {
        if (tp != null) {
            return partitions.contains(tp);
        }
        for (OffsetTracker.Chunk c : chunks) {
            if (partitions.contains(c.topicPartition())) {
                return true;
            }
        }
        return false;
    }
}
