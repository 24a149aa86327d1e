package dev.kurier.testkit.testcontainers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Testcontainers is on the classpath and a Docker daemon answers; asked once per JVM. Refers
 * to no Testcontainers type itself, so it works (and says no) when Testcontainers is absent.
 */
public final class DockerAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(DockerAvailability.class);
    private static volatile Boolean dockerAvailable;

    private DockerAvailability() {
    }

    /** Whether Testcontainers (core and its Kafka module) is on the classpath. */
    public static boolean isTestcontainersPresent() {
        ClassLoader loader = DockerAvailability.class.getClassLoader();
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, loader);
            Class.forName("org.testcontainers.kafka.KafkaContainer", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether Testcontainers is present and a Docker daemon answers. */
    public static boolean isDockerAvailable() {
        Boolean known = dockerAvailable;
        if (known == null) {
            synchronized (DockerAvailability.class) {
                known = dockerAvailable;
                if (known == null) {
                    known = isTestcontainersPresent() && DockerProbe.dockerAvailable();
                    dockerAvailable = known;
                    LOG.debug("Docker available: {}", known);
                }
            }
        }
        return known;
    }
}
