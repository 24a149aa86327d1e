package dev.kurier.spring.event;

import dev.kurier.spring.listener.ListenerContainer;

/** The container stopped: asked to, or because of a failure ({@link #failure()} is then set). */
public class ListenerStoppedEvent extends KurierListenerEvent {

    private final Throwable failure;

    /** {@code container} stopped; {@code failure} is {@code null} for a normal stop. */
    public ListenerStoppedEvent(ListenerContainer container, Throwable failure) {
        super(container);
        this.failure = failure;
    }

    /** What made it stop, or {@code null} when it was asked to. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public String toString() {
        return "ListenerStoppedEvent{" + listenerId() + (failure == null ? "" : ", failed: " + failure) + "}";
    }
}
