package dev.kurier.spring.metrics;

import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkListener;
import dev.kurier.client.protocol.ApiKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Client network events as meters: {@code kurier.client.requests} (timer by {@code api} and {@code outcome}),
 * {@code kurier.client.connects} and {@code kurier.client.disconnects}. Runs on event-loop threads, so meters
 * are looked up once and cached.
 */
public final class MicrometerNetworkListener implements NetworkListener {

    private final MeterRegistry registry;
    private final Counter connects;
    private final Counter disconnects;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** Meters in {@code registry}. */
    public MicrometerNetworkListener(MeterRegistry registry) {
        this.registry = registry;
        this.connects = Counter.builder("kurier.client.connects").description("broker connections made ready")
                .register(registry);
        this.disconnects = Counter.builder("kurier.client.disconnects").description("ready broker connections lost")
                .register(registry);
    }

    @Override
    public void connected(Endpoint broker) {
        connects.increment();
    }

    @Override
    public void disconnected(Endpoint broker) {
        disconnects.increment();
    }

    @Override
    public void requestCompleted(Endpoint broker, ApiKey api, long latencyNanos, boolean success) {
        String outcome = success ? "success" : "error";
        Timer t = timers.computeIfAbsent(api.name() + '/' + outcome, k -> Timer.builder("kurier.client.requests")
                .description("requests to brokers by API").tag("api", api.name()).tag("outcome", outcome)
                .register(registry));
        t.record(latencyNanos, TimeUnit.NANOSECONDS);
    }
}
