package dev.kurier.spring;

import dev.kurier.client.consumer.ConsumerConfig;

/** Adjusts the consumer config of every listener container after {@code kurier.consumer.*} and the listener's own. */
@FunctionalInterface
public interface KurierConsumerCustomizer {

    /** Changes {@code builder} (which already holds the {@code kurier.*} and listener values). */
    void customize(ConsumerConfig.Builder builder);
}
