package dev.kurier.spring;

import dev.kurier.client.ClientConfig;

/** Adjusts the {@link ClientConfig} of the auto-configured {@code KurierClient} after {@code kurier.*} is applied. */
@FunctionalInterface
public interface KurierClientCustomizer {

    /** Changes {@code builder} (which already holds the {@code kurier.*} values). */
    void customize(ClientConfig.Builder builder);
}
