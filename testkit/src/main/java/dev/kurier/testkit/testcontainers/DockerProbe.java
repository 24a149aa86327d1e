package dev.kurier.testkit.testcontainers;

import org.testcontainers.DockerClientFactory;

/**
 * Asks Testcontainers whether a Docker daemon answers. A class of its own so that nothing loads
 * Testcontainers classes before checking that they are there.
 */
final class DockerProbe {

    private DockerProbe() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
