package dev.kurier.spring.event;

import dev.kurier.spring.listener.ListenerContainer;
import org.springframework.context.ApplicationEvent;

/**
 * A listener container's lifecycle event, published as a Spring {@link ApplicationEvent} (listen with
 * {@code @EventListener}); the source is the {@link ListenerContainer}. Published on the container's poll thread:
 * handle it quickly.
 */
public abstract class KurierListenerEvent extends ApplicationEvent {

    /** An event of {@code container}. */
    protected KurierListenerEvent(ListenerContainer container) {
        super(container);
    }

    /** The container. */
    public ListenerContainer container() {
        return (ListenerContainer) getSource();
    }

    /** The container's id. */
    public String listenerId() {
        return container().id();
    }
}
