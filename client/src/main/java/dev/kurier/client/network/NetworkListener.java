package dev.kurier.client.network;

import dev.kurier.client.protocol.ApiKey;

/**
 * Observes connections and requests, for metrics (connection count, request latency by API). Called on
 * Netty event-loop threads: implementations must be fast and must not block.
 */
public interface NetworkListener {

    /** A listener that ignores everything. */
    NetworkListener NOOP = new NetworkListener() {
    };

    /** A connection to {@code broker} became ready. */
    default void connected(Endpoint broker) {
    }

    /** A ready connection to {@code broker} was lost. */
    default void disconnected(Endpoint broker) {
    }

    /** A request to {@code broker} completed after {@code latencyNanos}. */
    default void requestCompleted(Endpoint broker, ApiKey api, long latencyNanos, boolean success) {
    }
}
