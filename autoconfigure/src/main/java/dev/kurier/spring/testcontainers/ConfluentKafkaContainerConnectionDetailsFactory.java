package dev.kurier.spring.testcontainers;

import dev.kurier.spring.KurierConnectionDetails;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/** {@code @ServiceConnection} on a Testcontainers {@link ConfluentKafkaContainer} (the {@code confluentinc} images). */
final class ConfluentKafkaContainerConnectionDetailsFactory
        extends ContainerConnectionDetailsFactory<ConfluentKafkaContainer, KurierConnectionDetails> {

    @Override
    protected KurierConnectionDetails getContainerConnectionDetails(
            ContainerConnectionSource<ConfluentKafkaContainer> source) {
        return new KafkaContainerConnectionDetailsFactory.Details<>(source,
                ConfluentKafkaContainer::getBootstrapServers);
    }
}
