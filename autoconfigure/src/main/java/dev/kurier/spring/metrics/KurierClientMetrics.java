package dev.kurier.spring.metrics;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.internals.ConsumerMetrics;
import dev.kurier.client.consumer.internals.KurierConsumer;
import dev.kurier.spring.listener.PartitionProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Micrometer meters of a consumer built in code (listener containers get theirs from the starter): per partition
 * the committed offset, position, end offset, lag, time lag and fetch-queue depth ({@code kurier.consumer.*}, tagged
 * {@code topic} and {@code partition} and the tags given), added and removed as partitions are assigned and revoked,
 * and the totals {@code kurier.consumer.queued.records} / {@code .bytes}. Values are those of the consumer's last
 * poll; reading them makes no request. Only Kurier's own consumer has them.
 *
 * <pre>{@code
 * new KurierClientMetrics(consumer, Tags.of("group", "billing")).bindTo(meterRegistry);
 * }</pre>
 */
public final class KurierClientMetrics implements MeterBinder {

    private final Consumer<?, ?> consumer;
    private final Tags tags;

    /** Meters of {@code consumer}, tagged {@code tags} besides topic and partition. */
    public KurierClientMetrics(Consumer<?, ?> consumer, Iterable<Tag> tags) {
        this.consumer = consumer;
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!(consumer instanceof KurierConsumer<?, ?> k)) {
            return;
        }
        ConsumerMetrics metrics = k.metrics();
        PartitionGauges gauges = new PartitionGauges(registry, tags, new Snapshots(metrics));
        metrics.onAssignmentChange(gauges::refresh);
        gauges.refresh();
        Gauge.builder("kurier.consumer.queued.records", metrics, ConsumerMetrics::queuedRecords)
                .description("records fetched and waiting, all partitions").tags(tags).register(registry);
        Gauge.builder("kurier.consumer.queued.bytes", metrics, ConsumerMetrics::queuedBytes)
                .description("record-batch bytes fetched and waiting, all partitions").tags(tags).register(registry);
    }

    /**
     * The snapshot the gauges of one scrape read: taken again after every poll (a new partition view) or when 50 ms
     * old, not once per gauge and partition (each taking the fetcher's lock).
     */
    private static final class Snapshots implements java.util.function.Supplier<Map<TopicPartition, PartitionProgress>> {
        private static final long TTL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50);
        private final ConsumerMetrics metrics;
        private Map<TopicPartition, ConsumerMetrics.PartitionStats> from;
        private Map<TopicPartition, PartitionProgress> last = Map.of();
        private long takenNanos;

        Snapshots(ConsumerMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public synchronized Map<TopicPartition, PartitionProgress> get() {
            long now = System.nanoTime();
            Map<TopicPartition, ConsumerMetrics.PartitionStats> stats = metrics.partitions();
            if (stats != from || now - takenNanos >= TTL_NANOS) {
                last = progress(metrics);
                from = stats;
                takenNanos = now;
            }
            return last;
        }
    }

    /** The consumer's partitions as of its last poll. */
    static Map<TopicPartition, PartitionProgress> progress(ConsumerMetrics metrics) {
        Map<TopicPartition, ConsumerMetrics.PartitionStats> stats = metrics.partitions();
        if (stats.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Integer> queued = metrics.queueDepths();
        Map<TopicPartition, Long> bytes = metrics.queueBytes();
        long now = System.currentTimeMillis();
        Map<TopicPartition, PartitionProgress> out = new LinkedHashMap<>();
        stats.forEach((tp, s) -> out.put(tp, new PartitionProgress(s.committed(), s.position(), s.highWatermark(),
                s.lag(), s.lagSeconds(now), queued.getOrDefault(tp, 0), bytes.getOrDefault(tp, 0L))));
        return out;
    }
}
