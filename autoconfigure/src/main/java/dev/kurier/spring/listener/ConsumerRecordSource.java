package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.internals.ConsumerMetrics;
import dev.kurier.client.consumer.internals.KurierConsumer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * What the record sources over a Kurier {@link Consumer} share: the consumer and its partition pauses, and the calls
 * that only pass through to it (assignment, end offsets, positions, seeks, holding partitions back, wakeup).
 */
abstract class ConsumerRecordSource implements RecordSource {

    /** The consumer of the current run, {@code null} before {@code open} and after {@code close}. */
    protected volatile Consumer<byte[], byte[]> consumer;
    protected final PartitionPauses pauses = new PartitionPauses();

    @Override
    public Set<TopicPartition> assignment() {
        Consumer<byte[], byte[]> c = consumer;
        return c == null ? Set.of() : c.assignment();
    }

    /**
     * {@inheritDoc} Taken from the high watermarks of the consumer's last fetches where it has them (partitions
     * fetched now, read uncommitted): measuring lag then costs no request to the broker on the poll thread. The rest
     * (paused partitions, whose last fetch may be old; none fetched yet; read_committed, whose end is the LSO) are
     * asked for.
     */
    @Override
    public Map<TopicPartition, Long> endOffsets() {
        Consumer<byte[], byte[]> c = consumer;
        if (c == null) {
            return Map.of();
        }
        Set<TopicPartition> assigned = c.assignment();
        if (!(c instanceof KurierConsumer<?, ?> k) || k.readCommitted()) {
            return c.endOffsets(assigned);
        }
        Map<TopicPartition, ConsumerMetrics.PartitionStats> fetched = k.metrics().partitions();
        Map<TopicPartition, Long> out = new java.util.LinkedHashMap<>();
        java.util.List<TopicPartition> ask = new java.util.ArrayList<>();
        for (TopicPartition tp : assigned) {
            ConsumerMetrics.PartitionStats s = fetched.get(tp);
            if (s != null && s.highWatermark() >= 0 && !s.paused()) {
                out.put(tp, s.highWatermark());
            } else {
                ask.add(tp);
            }
        }
        if (!ask.isEmpty()) {
            out.putAll(c.endOffsets(ask));
        }
        return out;
    }

    @Override
    public ConsumerMetrics consumerMetrics() {
        return consumer instanceof KurierConsumer<?, ?> k ? k.metrics() : null;
    }

    @Override
    public long position(TopicPartition partition) {
        return consumer.position(partition);
    }

    @Override
    public void pausePartitions(Collection<TopicPartition> partitions) {
        pauses.hold(consumer, partitions);
    }

    @Override
    public void resumePartitions(Collection<TopicPartition> partitions) {
        pauses.release(consumer, partitions);
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        consumer.seek(partition, offset);
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        consumer.seekToBeginning(partitions);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        consumer.seekToEnd(partitions);
    }

    @Override
    public void seekToTimestamp(Collection<TopicPartition> partitions, long timestampMillis) {
        consumer.seekToTimestamp(partitions, timestampMillis);
    }

    @Override
    public void wakeup() {
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
