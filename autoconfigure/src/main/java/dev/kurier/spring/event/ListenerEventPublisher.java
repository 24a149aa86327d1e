package dev.kurier.spring.event;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.spring.listener.ListenerContainer;
import dev.kurier.spring.listener.ListenerObserver;
import java.time.Duration;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/** Publishes containers' lifecycle as {@link KurierListenerEvent}s; a failing event listener is logged, not thrown. */
public final class ListenerEventPublisher implements ListenerObserver {

    private static final Logger log = LoggerFactory.getLogger(ListenerEventPublisher.class);

    private final ApplicationEventPublisher publisher;

    /** Publishes through {@code publisher} (the application context). */
    public ListenerEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public boolean timesCalls() {
        return false; // events only: listener calls need not be timed for it
    }

    @Override
    public void started(ListenerContainer container) {
        publish(new ListenerStartedEvent(container));
    }

    @Override
    public void stopped(ListenerContainer container, Throwable failure) {
        publish(new ListenerStoppedEvent(container, failure));
    }

    @Override
    public void idle(ListenerContainer container, Duration idleFor) {
        publish(new ListenerIdleEvent(container, idleFor));
    }

    @Override
    public void nonResponsive(ListenerContainer container, Duration sinceLastPoll) {
        publish(new ListenerNonResponsiveEvent(container, sinceLastPoll));
    }

    @Override
    public void partitionsAssigned(ListenerContainer container, Collection<TopicPartition> partitions) {
        publish(new PartitionsAssignedEvent(container, partitions));
    }

    @Override
    public void partitionsRevoked(ListenerContainer container, Collection<TopicPartition> partitions, boolean lost) {
        publish(new PartitionsRevokedEvent(container, partitions, lost));
    }

    private void publish(KurierListenerEvent event) {
        try {
            publisher.publishEvent(event);
        } catch (RuntimeException e) {
            log.warn("an event listener failed on {}: {}", event, e.toString());
        }
    }
}
