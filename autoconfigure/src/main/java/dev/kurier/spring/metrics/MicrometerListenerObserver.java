package dev.kurier.spring.metrics;

import dev.kurier.spring.listener.ListenerContainer;
import dev.kurier.spring.listener.ShareListenerContainer;
import dev.kurier.spring.listener.ListenerObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.FunctionTimer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Listener meters, tagged {@code listener}: {@code kurier.listener.records} (records polled),
 * {@code kurier.listener.process} (function timer, count and total time, of listener calls by {@code outcome}
 * success or error),
 * {@code kurier.listener.lag} (largest partition lag as last measured), {@code kurier.listener.in.flight} (records
 * handed out, not yet acknowledged), {@code kurier.listener.queue.records} per {@code worker}, and per partition
 * (tags {@code group}, {@code topic}, {@code partition}) the {@code kurier.consumer.*} gauges of
 * {@link PartitionGauges}, removed when the partition is revoked.
 */
public final class MicrometerListenerObserver implements ListenerObserver {

    private final MeterRegistry registry;
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Calls> calls = new ConcurrentHashMap<>();
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
            Gauge.builder("kurier.listener.queue.records", container, c -> c.workerQueueRecords(worker)).description("records queued for the worker").tag("listener", container.id())
                    .tag("worker", Integer.toString(worker)).register(registry);
        }
        String group = container.endpoint().groupId();
        Tags tags = Tags.of("listener", container.id(), "group", group == null ? "" : group);
        partitions.put(container.id(), new PartitionGauges(registry, tags, container::partitionProgress));
        calls.computeIfAbsent(container.id(), this::register);
    }

    /**
     * A share-group listener's counters: {@code kurier.listener.share.acquired}, {@code .redelivered},
     * {@code .accepted}, {@code .released}, {@code .rejected}, {@code .lock.expired} and {@code .renewed} (records), tagged with the
     * listener and the share group.
     */
    @Override
    public void shareContainerCreated(ShareListenerContainer container) {
        Tags tags = Tags.of("listener", container.id(), "group", container.endpoint().groupId());
        for (ShareListenerContainer.Count c : ShareListenerContainer.Count.values()) {
            String name = "kurier.listener.share." + c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
            FunctionCounter.builder(name, container, x -> x.count(c)).baseUnit("records")
                    .description(switch (c) {
                        case ACQUIRED -> "records delivered to the listener's share consumers";
                        case REDELIVERED -> "records delivered that had been delivered before";
                        case ACCEPTED -> "records accepted";
                        case RELEASED -> "records released for another delivery";
                        case REJECTED -> "records rejected (archived by the share group)";
                        case LOCK_EXPIRED -> "records whose acquisition lock expired before they were acknowledged";
                        case RENEWED -> "lock renewals of records still in a listener call";
                    }).tags(tags).register(registry);
        }
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
        Calls c = calls(listenerId);
        if (success) {
            c.successes.increment();
            c.successNanos.add(nanos);
        } else {
            c.failures.increment();
            c.failureNanos.add(nanos);
        }
    }

    @Override
    public void processedRun(String listenerId, int calls, long nanos) {
        Calls c = calls(listenerId);
        c.successes.add(calls);
        c.successNanos.add(nanos);
    }

    private Calls calls(String listenerId) {
        Calls c = calls.get(listenerId);
        return c != null ? c : calls.computeIfAbsent(listenerId, this::register);
    }

    /**
     * Counts and total time of a listener's calls by outcome. Per call two adder updates, no allocation: a full
     * {@link io.micrometer.core.instrument.Timer} per call (max, histogram) cost the listener about a tenth of its
     * throughput. Exposed as {@code kurier.listener.process} function timers (count and total time).
     */
    private static final class Calls {
        final LongAdder successes = new LongAdder();
        final LongAdder successNanos = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder failureNanos = new LongAdder();
    }

    private Calls register(String listenerId) {
        Calls c = new Calls();
        FunctionTimer.builder("kurier.listener.process", c, x -> x.successes.sum(), x -> x.successNanos.sum(),
                TimeUnit.NANOSECONDS).description("listener method calls").tag("listener", listenerId)
                .tag("outcome", "success").register(registry);
        FunctionTimer.builder("kurier.listener.process", c, x -> x.failures.sum(), x -> x.failureNanos.sum(),
                TimeUnit.NANOSECONDS).description("listener method calls").tag("listener", listenerId)
                .tag("outcome", "error").register(registry);
        return c;
    }
}
