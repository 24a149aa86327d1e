package dev.kurier.spring.testcontainers;

import dev.kurier.spring.KurierConnectionDetails;
import java.util.List;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/** {@code @ServiceConnection} on a Testcontainers {@link ConfluentKafkaContainer} (the {@code confluentinc} images). */
final class ConfluentKafkaContainerConnectionDetailsFactory
        extends ContainerConnectionDetailsFactory<ConfluentKafkaContainer, KurierConnectionDetails> {

    @Override
    protected KurierConnectionDetails getContainerConnectionDetails(
            ContainerConnectionSource<ConfluentKafkaContainer> source) {
        return new Details(source);
    }

    /** The container's bootstrap address. */
    static final class Details extends ContainerConnectionDetails<ConfluentKafkaContainer>
            implements KurierConnectionDetails {

        Details(ContainerConnectionSource<ConfluentKafkaContainer> source) {
            super(source);
        }

        @Override
        public List<String> getBootstrapServers() {
            return List.of(getContainer().getBootstrapServers());
        }
    }
}
