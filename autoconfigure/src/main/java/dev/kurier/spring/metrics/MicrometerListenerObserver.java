package dev.kurier.spring.metrics;

import dev.kurier.spring.listener.ListenerContainer;
import dev.kurier.spring.listener.ListenerObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Listener meters, tagged {@code listener}: {@code kurier.listener.records} (records polled),
 * {@code kurier.listener.process} (timer of listener calls by {@code outcome} success or error),
 * {@code kurier.listener.lag} (largest partition lag as last measured), {@code kurier.listener.in.flight} (records
 * handed out, not yet acknowledged), {@code kurier.listener.queue.records} per {@code worker}, and per partition
 * (tags {@code group}, {@code topic}, {@code partition}) the {@code kurier.consumer.*} gauges of
 * {@link PartitionGauges}, removed when the partition is revoked.
 */
public final class MicrometerListenerObserver implements ListenerObserver {

    private final MeterRegistry registry;
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, PartitionGauges> partitions = new ConcurrentHashMap<>();

    /** Meters in {@code registry}. */
    public MicrometerListenerObserver(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void containerCreated(ListenerContainer container) {
        Gauge.builder("kurier.listener.lag", container, ListenerContainer::maxLag)
                .description("largest partition lag of the listener, in records").tag("listener", container.id())
                .register(registry);
        Gauge.builder("kurier.listener.in.flight", container, ListenerContainer::pendingRecords)
                .description("records handed out and not yet acknowledged").tag("listener", container.id())
                .register(registry);
        for (int i = 0; i < container.endpoint().concurrency(); i++) {
            int worker = i;
            Gauge.builder("kurier.listener.queue.records", container, c -> {
                int[] depths = c.workerQueueRecords();
                return worker < depths.length ? depths[worker] : 0;
            }).description("records queued for the worker").tag("listener", container.id())
                    .tag("worker", Integer.toString(worker)).register(registry);
        }
        String group = container.endpoint().groupId();
        Tags tags = Tags.of("listener", container.id(), "group", group == null ? "" : group);
        partitions.put(container.id(), new PartitionGauges(registry, tags, container::partitionProgress));
    }

    @Override
    public void partitionsChanged(ListenerContainer container) {
        PartitionGauges g = partitions.get(container.id());
        if (g != null) {
            g.refresh();
        }
    }

    @Override
    public void recordsReceived(String listenerId, int count) {
        received.computeIfAbsent(listenerId, id -> Counter.builder("kurier.listener.records")
                .description("records polled for the listener").tag("listener", id).register(registry)).increment(count);
    }

    @Override
    public void processed(String listenerId, int count, long nanos, boolean success) {
        String outcome = success ? "success" : "error";
        timers.computeIfAbsent(listenerId + '/' + outcome, k -> Timer.builder("kurier.listener.process")
                .description("listener method calls").tag("listener", listenerId).tag("outcome", outcome)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
