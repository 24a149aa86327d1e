package dev.kurier.client.network;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Broker quota throttling seen by a client's connections, its dedicated ones included: how often a response carried a
 * {@code throttle_time_ms} and how long the connections held their requests back because of it (KIP-219: the broker
 * answers at once and expects the client to wait out the throttle before sending again on that connection).
 */
public final class Throttling {

    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong millis = new AtomicLong();

    void throttled(int throttleMs) {
        responses.incrementAndGet();
        millis.addAndGet(throttleMs);
    }

    /** Responses that asked for a throttle. */
    public long throttledResponses() {
        return responses.get();
    }

    /** The throttle time those responses asked for, in total (ms). */
    public long throttleMillis() {
        return millis.get();
    }
}
