package dev.kurier.benchmarks.spring;

import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.metrics.KurierMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.kurier.spring.annotation.KurierListener;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** As {@link KurierListenerApp} with a batch listener: one call (and one hand-off to the worker) per poll. */
@SpringBootConfiguration
@ImportAutoConfiguration({KurierAutoConfiguration.class, KurierMetricsAutoConfiguration.class})
public class KurierBatchListenerApp {

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
        @KurierListener(id = "bench", topics = "${bench.topic}", groupId = "${bench.group}", batch = true)
        void on(List<byte[]> values) {
            for (byte[] v : values) {
                counter.received(v);
            }
        }
    }
}
