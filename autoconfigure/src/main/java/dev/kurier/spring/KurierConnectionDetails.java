package dev.kurier.spring;

import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Kafka cluster is. From {@code kurier.bootstrap-servers} by default; the development broker (and,
 * later, test containers) provide their own bean, which wins.
 */
public interface KurierConnectionDetails extends ConnectionDetails {

    /** HOST:PORT pairs to bootstrap from. */
    List<String> getBootstrapServers();
}
