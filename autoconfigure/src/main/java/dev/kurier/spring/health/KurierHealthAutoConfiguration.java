package dev.kurier.spring.health;

import dev.kurier.client.KurierClient;
import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.KurierProperties;
import dev.kurier.spring.listener.KurierListenerRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code kurier} health contributor, when Spring Boot's health support (spring-boot-health, part of the
 * actuator starter) is on the classpath and {@code management.health.kurier.enabled} is not false.
 */
@AutoConfiguration(after = KurierAutoConfiguration.class)
@ConditionalOnClass({KurierClient.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(KurierClient.class)
public class KurierHealthAutoConfiguration {

    /** The contributor, named {@code kurier} after its bean name. */
    @Bean
    @ConditionalOnMissingBean(name = "kurierHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("kurier") // on the method: its condition class exists only with spring-boot-health
    public KurierHealthIndicator kurierHealthIndicator(KurierClient client, ObjectProvider<KurierListenerRegistry> registry,
                                                       KurierProperties properties) {
        return new KurierHealthIndicator(client, registry.getIfAvailable(), properties.getHealth().getTimeout(),
                properties.getHealth().getMaxLag(), properties.getHealth().getStuckTimeout());
    }
}
