package dev.kurier.spring;

import dev.kurier.client.producer.ProducerConfig;

/** Adjusts the producer config of the auto-configured {@code KurierTemplate} after {@code kurier.producer.*}. */
@FunctionalInterface
public interface KurierProducerCustomizer {

    /** Changes {@code builder} (which already holds the {@code kurier.*} values). */
    void customize(ProducerConfig.Builder builder);
}
