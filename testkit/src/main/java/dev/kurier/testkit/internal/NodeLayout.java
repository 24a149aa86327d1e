package dev.kurier.testkit.internal;

import java.nio.file.Path;

/**
 * Where one node keeps its files: its data (log) directory, its generated configuration, its broker
 * log and the stderr of its JVM.
 *
 * @param directory the node's own directory, e.g. {@code .../node-1}
 */
public record NodeLayout(Path directory) {

    /** The node's log directory ({@code log.dirs}), also holding the KRaft metadata log. */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /** The generated {@code server.properties}. */
    public Path serverProperties() {
        return directory.resolve("server.properties");
    }

    /** SCRAM credentials for the storage format, one {@code --add-scram} argument a line (absent when none). */
    public Path scramCredentials() {
        return directory.resolve("scram-credentials");
    }

    /** Feature levels for the storage format, one {@code --feature} argument a line (absent when none). */
    public Path formatFeatures() {
        return directory.resolve("format-features");
    }

    /** The generated log4j2 configuration of the broker JVM. */
    public Path log4jConfig() {
        return directory.resolve("log4j2.properties");
    }

    /** The broker's log. */
    public Path brokerLog() {
        return directory.resolve("broker.log");
    }

    /** The broker JVM's stderr (JVM errors, stray prints, startup failures). */
    public Path stderrLog() {
        return directory.resolve("stderr.log");
    }

    /** The JVM argument file holding the (long) classpath. */
    public Path jvmArgFile() {
        return directory.resolve("jvm.args");
    }

    /** The marker KRaft's storage format writes; present once the node has been formatted. */
    public Path metaProperties() {
        return dataDirectory().resolve("meta.properties");
    }
}
