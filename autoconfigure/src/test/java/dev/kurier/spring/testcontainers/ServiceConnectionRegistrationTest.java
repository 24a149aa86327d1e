package dev.kurier.spring.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * {@code @ServiceConnection} on Testcontainers' Kafka containers reaches the Kurier client: the factories are
 * registered where Spring Boot looks for them. (A run against a real container needs Docker, which CI lacks.)
 */
class ServiceConnectionRegistrationTest {

    @Test
    void kafkaContainerFactoriesAreRegistered() {
        @SuppressWarnings("rawtypes")
        List<ConnectionDetailsFactory> factories = SpringFactoriesLoader.forDefaultResourceLocation(
                getClass().getClassLoader()).load(ConnectionDetailsFactory.class,
                SpringFactoriesLoader.FailureHandler.logging(org.apache.commons.logging.LogFactory.getLog(getClass())));
        // (as Spring Boot loads them: factories of absent modules, e.g. Docker Compose ones, are skipped)
        assertThat(factories).hasAtLeastOneElementOfType(KafkaContainerConnectionDetailsFactory.class)
                .hasAtLeastOneElementOfType(ConfluentKafkaContainerConnectionDetailsFactory.class);
    }
}
