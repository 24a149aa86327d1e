package dev.kurier.spring.event;

import dev.kurier.spring.listener.ListenerContainer;
import java.time.Duration;

/**
 * The container received no records for {@code kurier.listener.idle-event-interval}; published again every interval
 * while it stays idle (Spring Kafka's {@code ListenerContainerIdleEvent}).
 */
public class ListenerIdleEvent extends KurierListenerEvent {

    private final Duration idleFor;

    /** {@code container} has been idle for {@code idleFor}. */
    public ListenerIdleEvent(ListenerContainer container, Duration idleFor) {
        super(container);
        this.idleFor = idleFor;
    }

    /** How long no records came. */
    public Duration idleFor() {
        return idleFor;
    }

    @Override
    public String toString() {
        return "ListenerIdleEvent{" + listenerId() + ", idle " + idleFor.toMillis() + " ms}";
    }
}
