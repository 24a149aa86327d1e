package dev.kurier.spring.devbroker;

import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.KurierConnectionDetails;
import dev.kurier.spring.KurierProperties;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Development default: with kurier-testkit on the classpath and {@code kurier.bootstrap-servers} unset, start a
 * local broker before the client and point the client at it (through {@link KurierConnectionDetails}). Only in
 * development, as Spring Boot's Docker Compose support: not from a packaged jar and not under a test framework,
 * unless {@code kurier.dev-broker.enabled=true}; {@code false} turns it off everywhere.
 */
@AutoConfiguration(before = KurierAutoConfiguration.class)
@ConditionalOnClass(name = "dev.kurier.testkit.KafkaCluster")
@Conditional({DevelopmentMode.class, OnBootstrapServersAbsentCondition.class})
@EnableConfigurationProperties(KurierProperties.class)
public class KurierDevBrokerAutoConfiguration {

    /** The broker, started now (before the client bean that needs its address). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public KurierDevBroker kurierDevBroker(KurierProperties properties) {
        return KurierDevBroker.start(properties.getDevBroker().getPort());
    }

    /** The broker's address for the client. */
    @Bean
    @ConditionalOnMissingBean(KurierConnectionDetails.class)
    public KurierConnectionDetails kurierDevBrokerConnectionDetails(KurierDevBroker broker) {
        return () -> List.of(broker.bootstrapServers());
    }
}
