package dev.kurier.benchmarks.spring;

import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.metrics.KurierMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.kurier.spring.annotation.KurierListener;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A Spring Boot app with one {@code @KurierListener} (group member, one worker) counting raw payloads. */
@SpringBootConfiguration
@ImportAutoConfiguration({KurierAutoConfiguration.class, KurierMetricsAutoConfiguration.class})
public class KurierListenerApp {

    /** Holds the counter of the current run (set before the context starts). */
    static volatile ReceiveCounter counter;

    /**
     * Meters on (the default; {@code -Dbench.meters=false} turns them off), as in an application with Actuator:
     * listener, per-partition and producer meters.
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty(name = "bench.meters",
            matchIfMissing = true)
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /** The listener bean. */
    @Bean
    Listener benchListener() {
        return new Listener();
    }

    /** The listener. */
    public static class Listener {
        @KurierListener(id = "bench", topics = "${bench.topic}", groupId = "${bench.group}")
        void on(byte[] value) {
            counter.received(value);
        }
    }
}
