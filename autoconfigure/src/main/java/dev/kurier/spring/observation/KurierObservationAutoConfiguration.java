package dev.kurier.spring.observation;

import dev.kurier.client.KurierClient;
import dev.kurier.spring.KurierAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observation of template sends and listener calls, when micrometer-observation is on the classpath, the
 * application has an {@link ObservationRegistry} (Spring Boot's observation auto-configuration, or its own) and
 * {@code kurier.observation.enabled} is not false. Without it nothing changes: no interceptor, no decorator.
 */
@AutoConfiguration(after = KurierAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({KurierClient.class, ObservationRegistry.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "kurier.observation.enabled", matchIfMissing = true)
public class KurierObservationAutoConfiguration {

    /** Observes sends and writes the trace context into record headers; the template picks it up. */
    @Bean
    @ConditionalOnMissingBean
    public ObservationSendInterceptor kurierObservationSendInterceptor(ObservationRegistry registry) {
        return new ObservationSendInterceptor(registry);
    }

    /** Observes record listener calls, continuing the trace from the record headers; the container factory applies it. */
    @Bean
    @ConditionalOnMissingBean
    public ObservationHandlerDecorator kurierObservationHandlerDecorator(ObservationRegistry registry) {
        return new ObservationHandlerDecorator(registry);
    }
}
