package dev.kurier.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.List;

import dev.kurier.testkit.launcher.BrokerLauncher;

/**
 * Finds the testkit's own classes for the broker JVM's classpath: the jar or classes directory
 * the launcher was loaded from, or, when that is not a plain file (a class inside a nested
 * Spring Boot jar, say), a copy of the launcher classes in a temporary directory.
 */
public final class LauncherCode {

    /**
     * Every class file of the launcher package; copied when the code location is not a plain file.
     * A test keeps this list in step with the package.
     */
    public static final List<String> LAUNCHER_CLASSES = List.of(
            "dev/kurier/testkit/launcher/BrokerLauncher.class",
            "dev/kurier/testkit/launcher/ControlProtocol.class",
            "dev/kurier/testkit/launcher/MetadataProbe.class",
            "dev/kurier/testkit/launcher/StorageFormat.class",
            "dev/kurier/testkit/launcher/TopicCommands.class");

    private static volatile Path location;

    private LauncherCode() {
    }

    /** A classpath entry (jar or directory) that holds the launcher classes. */
    public static Path location() {
        Path found = location;
        if (found == null) {
            synchronized (LauncherCode.class) {
                found = location;
                if (found == null) {
                    found = codeSource();
                    if (found == null) {
                        found = extract();
                    }
                    location = found;
                }
            }
        }
        return found;
    }

    private static Path codeSource() {
        CodeSource source = BrokerLauncher.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return null;
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return Files.exists(path) ? path : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Path extract() {
        try {
            Path dir = Files.createTempDirectory("kurier-testkit-launcher-");
            for (String name : LAUNCHER_CLASSES) {
                URL resource = BrokerLauncher.class.getClassLoader().getResource(name);
                if (resource == null) {
                    throw new IllegalStateException("Launcher class " + name + " is missing from the testkit jar");
                }
                Path target = dir.resolve(name);
                Files.createDirectories(target.getParent());
                try (InputStream in = resource.openStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the broker launcher classes to a temporary directory", e);
        }
    }
}
