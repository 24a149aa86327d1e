package dev.kurier.spring.listener;

import java.util.List;

/** Forwards every event to several {@link ListenerObserver}s, in order. */
public final class CompositeListenerObserver implements ListenerObserver {

    private final List<ListenerObserver> observers;
    /** Those that time calls: only they hear of each call ({@link #processed}, {@link #processedRun}). */
    private final ListenerObserver[] timing;

    /** An observer forwarding to {@code observers}. */
    public CompositeListenerObserver(List<ListenerObserver> observers) {
        this.observers = List.copyOf(observers);
        this.timing = observers.stream().filter(ListenerObserver::timesCalls).toArray(ListenerObserver[]::new);
    }

    /** {@code observers} as one: NOOP for none, itself for one. */
    public static ListenerObserver of(List<ListenerObserver> observers) {
        return observers.isEmpty() ? NOOP : observers.size() == 1 ? observers.get(0) : new CompositeListenerObserver(observers);
    }

    @Override
    public void containerCreated(ListenerContainer container) {
        observers.forEach(o -> o.containerCreated(container));
    }

    @Override
    public void shareContainerCreated(ShareListenerContainer container) {
        observers.forEach(o -> o.shareContainerCreated(container));
    }

    @Override
    public boolean timesCalls() {
        for (ListenerObserver o : observers) {
            if (o.timesCalls()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void started(ListenerContainer container) {
        observers.forEach(o -> o.started(container));
    }

    @Override
    public void stopped(ListenerContainer container, Throwable failure) {
        observers.forEach(o -> o.stopped(container, failure));
    }

    @Override
    public void idle(ListenerContainer container, java.time.Duration idleFor) {
        observers.forEach(o -> o.idle(container, idleFor));
    }

    @Override
    public void partitionsAssigned(ListenerContainer container,
                                   java.util.Collection<dev.kurier.client.common.TopicPartition> partitions) {
        observers.forEach(o -> o.partitionsAssigned(container, partitions));
    }

    @Override
    public void partitionsRevoked(ListenerContainer container,
                                  java.util.Collection<dev.kurier.client.common.TopicPartition> partitions,
                                  boolean lost) {
        observers.forEach(o -> o.partitionsRevoked(container, partitions, lost));
    }

    @Override
    public void nonResponsive(ListenerContainer container, java.time.Duration sinceLastPoll) {
        observers.forEach(o -> o.nonResponsive(container, sinceLastPoll));
    }

    @Override
    public void partitionsChanged(ListenerContainer container) {
        observers.forEach(o -> o.partitionsChanged(container));
    }

    @Override
    public void recordsReceived(String listenerId, int count) {
        for (ListenerObserver o : observers) {
            o.recordsReceived(listenerId, count);
        }
    }

    @Override
    public void processed(String listenerId, int count, long nanos, boolean success) {
        for (ListenerObserver o : timing) {
            o.processed(listenerId, count, nanos, success);
        }
    }

    @Override
    public void processedRun(String listenerId, int calls, long nanos) {
        for (ListenerObserver o : timing) {
            o.processedRun(listenerId, calls, nanos);
        }
    }
}
