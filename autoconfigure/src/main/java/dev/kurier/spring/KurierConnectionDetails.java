package dev.kurier.spring;

import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Kafka cluster is. From {@code kurier.bootstrap-servers} by default; the development broker and
 * {@code @ServiceConnection} on a Testcontainers Kafka container provide their own, which wins (in tests with the
 * testkit: {@code @Bean KurierConnectionDetails kafka() { return () -> List.of(cluster.bootstrapServers()); }}).
 */
public interface KurierConnectionDetails extends ConnectionDetails {

    /** HOST:PORT pairs to bootstrap from. */
    List<String> getBootstrapServers();
}
