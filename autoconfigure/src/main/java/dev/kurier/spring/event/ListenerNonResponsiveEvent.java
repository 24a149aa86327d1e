package dev.kurier.spring.event;

import dev.kurier.spring.listener.ListenerContainer;
import java.time.Duration;

/**
 * A running container's poll thread has not come round its loop for longer than three poll timeouts (at least 30 s):
 * something blocks it (Spring Kafka's {@code NonResponsiveConsumerEvent}). Published once per such episode, by the
 * registry's monitor.
 */
public class ListenerNonResponsiveEvent extends KurierListenerEvent {

    private final Duration sinceLastPoll;

    /** {@code container}'s poll loop has not run for {@code sinceLastPoll}. */
    public ListenerNonResponsiveEvent(ListenerContainer container, Duration sinceLastPoll) {
        super(container);
        this.sinceLastPoll = sinceLastPoll;
    }

    /** How long the poll loop has not run. */
    public Duration sinceLastPoll() {
        return sinceLastPoll;
    }

    @Override
    public String toString() {
        return "ListenerNonResponsiveEvent{" + listenerId() + ", " + sinceLastPoll.toMillis() + " ms}";
    }
}
