package dev.kurier.spring.metrics;

import dev.kurier.client.KurierClient;
import dev.kurier.spring.KurierAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Kurier's Micrometer meters (all named {@code kurier.*}), when Micrometer is on the classpath and the
 * application has a {@link MeterRegistry} (Spring Boot's metrics auto-configuration, or its own).
 */
@AutoConfiguration(after = KurierAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, KurierClient.class})
@ConditionalOnBean(MeterRegistry.class)
public class KurierMetricsAutoConfiguration {

    /** Request timers and connection counters, fed by the client's network layer. */
    @Bean
    @ConditionalOnMissingBean
    public MicrometerNetworkListener kurierNetworkMeters(MeterRegistry registry) {
        return new MicrometerNetworkListener(registry);
    }

    /** Per-listener counters, timers and gauges. */
    @Bean
    @ConditionalOnMissingBean
    public MicrometerListenerObserver kurierListenerMeters(MeterRegistry registry) {
        return new MicrometerListenerObserver(registry);
    }

    /** Connection gauge and producer meters of every template. */
    @Bean
    @ConditionalOnMissingBean
    public KurierClientMeters kurierClientMeters(MeterRegistry registry, ObjectProvider<KurierClient> clients,
                                                 ConfigurableListableBeanFactory beanFactory) {
        return new KurierClientMeters(registry, clients, beanFactory);
    }
}
