package dev.kurier.spring.testcontainers;

import dev.kurier.spring.KurierConnectionDetails;
import java.util.List;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@code @ServiceConnection} on a Testcontainers {@link KafkaContainer} (the {@code apache/kafka} image): the Kurier
 * client bootstraps from the container, as Spring Boot's own Kafka support does for kafka-clients. Registered in
 * {@code META-INF/spring.factories}; needs spring-boot-testcontainers and testcontainers-kafka (test scope).
 */
final class KafkaContainerConnectionDetailsFactory
        extends ContainerConnectionDetailsFactory<KafkaContainer, KurierConnectionDetails> {

    @Override
    protected KurierConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<KafkaContainer> source) {
        return new Details(source);
    }

    /** The container's bootstrap address, read when the client asks (the container is started by then). */
    static final class Details extends ContainerConnectionDetails<KafkaContainer> implements KurierConnectionDetails {

        Details(ContainerConnectionSource<KafkaContainer> source) {
            super(source);
        }

        @Override
        public List<String> getBootstrapServers() {
            return List.of(getContainer().getBootstrapServers());
        }
    }
}
