package dev.kurier.client.cluster;

import dev.kurier.client.network.Endpoint;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the metadata cache.
 *
 * @param bootstrap          {@code bootstrap.servers}
 * @param maxAge             {@code metadata.max.age.ms}: refresh at least this often even without errors
 * @param retryBackoff       {@code retry.backoff.ms}: least time between two refreshes asked for by errors
 * @param requestTimeout     {@code request.timeout.ms}: bounds one bootstrap round over every address
 * @param allowAutoTopicCreation {@code allow.auto.create.topics}: whether metadata requests may create topics
 *                           on brokers with {@code auto.create.topics.enable}
 */
public record MetadataConfig(List<Endpoint> bootstrap, Duration maxAge, Duration retryBackoff, Duration requestTimeout,
                             boolean allowAutoTopicCreation) {

    /** Validates the values, naming the config key. */
    public MetadataConfig {
        bootstrap = List.copyOf(bootstrap);
        if (bootstrap.isEmpty()) {
            throw new IllegalArgumentException("bootstrap.servers is empty: give at least one HOST:PORT");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("metadata.max.age.ms must be > 0, got " + maxAge.toMillis());
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retry.backoff.ms must be >= 0, got " + retryBackoff.toMillis());
        }
    }
}
