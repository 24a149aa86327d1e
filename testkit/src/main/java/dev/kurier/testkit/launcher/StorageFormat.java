package dev.kurier.testkit.launcher;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * Formats a KRaft node's log directories the way {@code kafka-storage.sh format} does, by calling
 * Kafka's own storage tool in-process: it writes {@code meta.properties} (cluster id, node id,
 * directory id) and the bootstrap checkpoint with the release's metadata version and features.
 *
 * <p>The tool is reached by reflection on {@code kafka.tools.StorageTool$.execute(String[],
 * PrintStream)}, which both 3.9 and 4.x have; its Scala object is not pleasant to call from Java
 * source, and reflection makes a missing method a clear error rather than a linkage failure.
 */
final class StorageFormat {

    private StorageFormat() {
    }

    /**
     * Formats the log directories named in {@code serverProperties} for {@code clusterId}. The
     * quorum is static ({@code controller.quorum.voters} in the properties), which needs no
     * {@code --standalone} or {@code --initial-controllers} flag.
     */
    static void format(Path serverProperties, String clusterId, PrintStream out) throws Exception {
        java.util.List<String> argList = new java.util.ArrayList<>(java.util.List.of("format", "--cluster-id", clusterId,
                "--config", serverProperties.toString(), "--ignore-formatted"));
        // SCRAM users the testkit was asked for (written next to server.properties), created with the metadata.
        Path scram = serverProperties.resolveSibling("scram-credentials");
        if (java.nio.file.Files.exists(scram)) {
            for (String line : java.nio.file.Files.readAllLines(scram)) {
                if (!line.isBlank()) {
                    argList.add("--add-scram");
                    argList.add(line.trim());
                }
            }
        }
        // Feature levels other than the release's defaults (written next to server.properties by the testkit).
        Path features = serverProperties.resolveSibling("format-features");
        if (java.nio.file.Files.exists(features)) {
            for (String line : java.nio.file.Files.readAllLines(features)) {
                if (!line.isBlank()) {
                    argList.add("--feature");
                    argList.add(line.trim());
                }
            }
        }
        String[] args = argList.toArray(String[]::new);
        Class<?> tool = Class.forName("kafka.tools.StorageTool$");
        Field module = tool.getField("MODULE$");
        Method execute = tool.getMethod("execute", String[].class, PrintStream.class);
        int status;
        try {
            status = (Integer) execute.invoke(module.get(null), args, out);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Formatting the storage failed: " + cause, cause);
        }
        if (status != 0) {
            throw new IllegalStateException("Formatting the storage failed with status " + status + " (see the broker log)");
        }
    }
}
