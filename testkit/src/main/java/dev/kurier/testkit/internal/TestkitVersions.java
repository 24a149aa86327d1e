package dev.kurier.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions the testkit was built with, read from {@code testkit.properties} (written by the
 * build through resource filtering).
 *
 * @param kafka  the default Apache Kafka broker version
 * @param log4j  the log4j2 version added to the broker's classpath as its logging backend
 * @param slf4j  the SLF4J API version put on the broker's classpath (2.x, for the log4j2 binding)
 */
public record TestkitVersions(String kafka, String log4j, String slf4j) {

    private static final TestkitVersions CURRENT = load();

    /** The versions of this build. */
    public static TestkitVersions current() {
        return CURRENT;
    }

    private static TestkitVersions load() {
        Properties props = new Properties();
        try (InputStream in = TestkitVersions.class.getResourceAsStream("/dev/kurier/testkit/testkit.properties")) {
            if (in == null) {
                throw new IllegalStateException("testkit.properties is missing from the kurier-testkit jar");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read testkit.properties", e);
        }
        return new TestkitVersions(value(props, "kafka.version"), value(props, "log4j.version"), value(props, "slf4j.version"));
    }

    private static String value(Properties props, String key) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException("testkit.properties has no value for " + key + " (was the jar built by Maven?)");
        }
        return value.trim();
    }
}
