package dev.kurier.spring.listener;

/**
 * Wraps the {@link RecordHandler} of each listener container the factory creates, e.g. to observe every listener
 * call ({@code dev.kurier.spring.observation}). Beans of this type are applied by the auto-configured factory, in
 * their order (the first is outermost).
 */
@FunctionalInterface
public interface RecordHandlerDecorator {

    /** The handler to use for {@code endpoint} instead of {@code handler} (or {@code handler} itself). */
    RecordHandler decorate(ListenerEndpoint endpoint, RecordHandler handler);
}
