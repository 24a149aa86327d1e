package dev.kurier.spring.testcontainers;

import dev.kurier.spring.KurierConnectionDetails;
import java.util.List;
import java.util.function.Function;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.containers.Container;
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
        return new Details<>(source, KafkaContainer::getBootstrapServers);
    }

    /**
     * A container's bootstrap address, read when the client asks (the container is started by then); shared by the
     * factories of the Kafka container types, which have no common type for it.
     */
    static final class Details<C extends Container<?>> extends ContainerConnectionDetails<C>
            implements KurierConnectionDetails {

        private final Function<C, String> bootstrapServers;

        Details(ContainerConnectionSource<C> source, Function<C, String> bootstrapServers) {
            super(source);
            this.bootstrapServers = bootstrapServers;
        }

        @Override
        public List<String> getBootstrapServers() {
            return List.of(bootstrapServers.apply(getContainer()));
        }
    }
}
