package dev.kurier.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.kurier.testkit.launcher.BrokerLauncher;

/**
 * Builds the command line of a broker JVM. The classpath goes into an argument file (Java's
 * {@code @file} syntax) because it is long: Windows limits a command line to 32K characters.
 */
public final class LauncherCommand {

    /**
     * Default options: a modest heap, the serial collector (one busy core less than G1 on a small
     * machine), C1 only (a broker for tests starts faster than it gains from C2), no perf-data file.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms64m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");

    private LauncherCommand() {
    }

    /** Parameters of one launch. */
    public record Launch(int nodeId, NodeLayout layout, List<Path> classpath, List<String> extraJvmOptions,
                         String clusterId, String listener, String clusterBootstrap, boolean format) {
    }

    /** Writes the node's argument file and returns the command. */
    public static List<String> build(Launch launch) {
        NodeLayout layout = launch.layout();
        String classpath = launch.classpath().stream().map(p -> p.toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        try {
            // In an argument file a quoted value keeps spaces; backslashes must be doubled.
            Files.writeString(layout.jvmArgFile(), "-cp \"" + classpath.replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + layout.jvmArgFile(), e);
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(DEFAULT_JVM_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + layout.log4jConfig().toAbsolutePath());
        // Kafka's shutdown hook logs until the end; log4j must not shut down first.
        command.add("-Dlog4j2.shutdownHookEnabled=false");
        command.add("-Dkafka.logs.dir=" + layout.directory().toAbsolutePath());
        command.addAll(launch.extraJvmOptions());
        command.add("@" + layout.jvmArgFile().toAbsolutePath());
        command.add(BrokerLauncher.class.getName());
        command.add("--config");
        command.add(layout.serverProperties().toAbsolutePath().toString());
        command.add("--node-id");
        command.add(Integer.toString(launch.nodeId()));
        command.add("--cluster-id");
        command.add(launch.clusterId());
        command.add("--listener");
        command.add(launch.listener());
        command.add("--cluster-bootstrap");
        command.add(launch.clusterBootstrap());
        if (launch.format()) {
            command.add("--format");
        }
        return command;
    }

    private static Path javaExecutable() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }
}
