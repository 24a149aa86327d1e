package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerConfig;

/**
 * Creates the {@link RecordSource} of each container. The auto-configured one reads assigned partitions; a bean
 * of this type replaces it (the hook for group consumption).
 */
@FunctionalInterface
public interface RecordSourceFactory {

    /** A new, unopened source for {@code endpoint} with the listener's resolved consumer config. */
    RecordSource create(ListenerEndpoint endpoint, ConsumerConfig consumerConfig);
}
