package dev.kurier.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.kurier.testkit.launcher.BrokerLauncher;
import org.junit.jupiter.api.Test;

class LauncherCodeTest {

    @Test
    void theFallbackListNamesEveryLauncherClass() throws Exception {
        Path classes = Path.of(BrokerLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path launcherPackage = classes.resolve("dev/kurier/testkit/launcher");
        List<String> compiled;
        try (Stream<Path> files = Files.list(launcherPackage)) {
            compiled = files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("package-info.class"))
                    .map(f -> classes.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
        assertThat(LauncherCode.LAUNCHER_CLASSES).containsExactlyInAnyOrderElementsOf(compiled);
    }

    @Test
    void theCodeLocationHoldsTheLauncher() throws IOException {
        Path location = LauncherCode.location();
        assertThat(location).exists();
        if (Files.isDirectory(location)) {
            assertThat(location.resolve("dev/kurier/testkit/launcher/BrokerLauncher.class")).exists();
        }
    }
}
