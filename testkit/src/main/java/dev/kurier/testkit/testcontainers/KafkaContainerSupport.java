package dev.kurier.testkit.testcontainers;

import dev.kurier.testkit.internal.TestkitVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Testcontainers path: a Kafka broker in Docker ({@code apache/kafka} image), for tests that want
 * the broker exactly as it ships. Testcontainers is an optional dependency of the testkit; only this
 * package needs it. Guard such tests with {@link EnabledIfDockerAvailable}, so that they are skipped
 * on machines without Docker.
 *
 * <pre>{@code
 * @EnabledIfDockerAvailable
 * class DockerBrokerTest {
 *     @Test
 *     void produces() {
 *         try (KafkaContainer kafka = KafkaContainerSupport.startKafka()) {
 *             ... kafka.getBootstrapServers() ...
 *         }
 *     }
 * }
 * }</pre>
 */
public final class KafkaContainerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaContainerSupport.class);

    private KafkaContainerSupport() {
    }

    /** The default image: {@code apache/kafka} at the Kafka version the testkit was built with. */
    public static String defaultImage() {
        return "apache/kafka:" + TestkitVersions.current().kafka();
    }

    /** Whether Testcontainers is present and a Docker daemon answers; asked once per JVM. */
    public static boolean isDockerAvailable() {
        return DockerAvailability.isDockerAvailable();
    }

    /** Starts a Kafka container from {@link #defaultImage()}. */
    public static KafkaContainer startKafka() {
        return startKafka(defaultImage());
    }

    /**
     * Starts a Kafka container from {@code image} (an {@code apache/kafka} image, e.g. {@code
     * apache/kafka:3.9.1}); the caller closes it.
     *
     * @throws IllegalStateException when Docker is not available
     */
    public static KafkaContainer startKafka(String image) {
        if (!isDockerAvailable()) {
            throw new IllegalStateException(DockerAvailableCondition.NO_DOCKER);
        }
        KafkaContainer container = new KafkaContainer(image);
        container.start();
        LOG.info("Kafka container {} started: {}", image, container.getBootstrapServers());
        return container;
    }
}
