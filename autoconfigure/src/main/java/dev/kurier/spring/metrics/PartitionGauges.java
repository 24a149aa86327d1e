package dev.kurier.spring.metrics;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.spring.listener.PartitionProgress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The per-partition gauges of one consumer, tagged {@code topic} and {@code partition} (plus the owner's tags):
 * {@code kurier.consumer.committed.offset}, {@code .position}, {@code .end.offset}, {@code .lag},
 * {@code .lag.seconds}, {@code .fetch.queue.records} and {@code .fetch.queue.bytes}. {@link #refresh()} (called when
 * the partitions change) adds gauges for new partitions and removes those of partitions gone; each gauge reads the
 * latest snapshot, NaN for an unknown value. Used for listener containers and plain consumers alike.
 */
final class PartitionGauges {

    private record Metric(String name, String description, String unit, ToDoubleFunction<PartitionProgress> value) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("kurier.consumer.committed.offset", "the group's committed offset (next record to read)", null,
                    p -> known(p.committed())),
            new Metric("kurier.consumer.position", "the next offset the consumer reads", null, p -> known(p.position())),
            new Metric("kurier.consumer.end.offset", "the end of the partition (high watermark)", null,
                    p -> known(p.endOffset())),
            new Metric("kurier.consumer.lag", "records behind the end of the partition", "records", p -> known(p.lag())),
            new Metric("kurier.consumer.lag.seconds", "age of the oldest record not yet processed; 0 when caught up",
                    "seconds", p -> p.lagSeconds() < 0 ? Double.NaN : p.lagSeconds()),
            new Metric("kurier.consumer.fetch.queue.records", "records fetched and waiting in the partition's queue",
                    "records", PartitionProgress::fetchQueueRecords),
            new Metric("kurier.consumer.fetch.queue.bytes", "record-batch bytes waiting in the partition's queue",
                    "bytes", PartitionProgress::fetchQueueBytes));

    private final Supplier<Map<TopicPartition, PartitionProgress>> snapshot;
    private final List<MultiGauge> gauges = new ArrayList<>();

    PartitionGauges(MeterRegistry registry, Tags tags, Supplier<Map<TopicPartition, PartitionProgress>> snapshot) {
        this.snapshot = snapshot;
        for (Metric m : METRICS) {
            MultiGauge.Builder b = MultiGauge.builder(m.name()).description(m.description()).tags(tags);
            if (m.unit() != null) {
                b.baseUnit(m.unit());
            }
            gauges.add(b.register(registry));
        }
    }

    /** Registers a gauge per partition now in the snapshot and removes the others. */
    synchronized void refresh() {
        Map<TopicPartition, PartitionProgress> now = snapshot.get();
        for (int i = 0; i < METRICS.size(); i++) {
            ToDoubleFunction<PartitionProgress> value = METRICS.get(i).value();
            List<MultiGauge.Row<?>> rows = new ArrayList<>(now.size());
            for (TopicPartition tp : now.keySet()) {
                rows.add(MultiGauge.Row.of(Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition())),
                        this, g -> {
                            PartitionProgress p = g.snapshot.get().get(tp);
                            return p == null ? Double.NaN : value.applyAsDouble(p);
                        }));
            }
            gauges.get(i).register(rows, true);
        }
    }

    private static double known(long v) {
        return v < 0 ? Double.NaN : v;
    }
}
