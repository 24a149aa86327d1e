package dev.kurier.spring.event;

import dev.kurier.spring.listener.ListenerContainer;

/** The container opened its consumer and reads (after a start, or a restart). */
public class ListenerStartedEvent extends KurierListenerEvent {

    /** {@code container} started reading. */
    public ListenerStartedEvent(ListenerContainer container) {
        super(container);
    }

    @Override
    public String toString() {
        return "ListenerStartedEvent{" + listenerId() + "}";
    }
}
