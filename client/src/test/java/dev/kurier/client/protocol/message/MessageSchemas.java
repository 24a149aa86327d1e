package dev.kurier.client.protocol.message;

import dev.kurier.client.protocol.ApiKey;
import dev.kurier.protocol.generator.MessageSpec;
import dev.kurier.protocol.generator.SchemaReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The message schemas the build generated the protocol from (unpacked into {@code target/kafka-schemas}), and the
 * generated type of each message: what the oracle tests walk, for every API and version.
 */
final class MessageSchemas {

    private static final Path DIR = Path.of("target", "kafka-schemas", "common", "message");
    private static final Map<String, MessageSpec> SPECS = load();

    private MessageSchemas() {
    }

    private static Map<String, MessageSpec> load() {
        Map<String, MessageSpec> specs = new TreeMap<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                MessageSpec spec = SchemaReader.read(file);
                if (spec != null) {
                    specs.put(spec.name(), spec);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the schemas are unpacked by the build into " + DIR, e);
        }
        return specs;
    }

    static MessageSpec spec(String message) {
        MessageSpec spec = SPECS.get(message);
        if (spec == null) {
            throw new IllegalArgumentException("no schema for " + message);
        }
        return spec;
    }

    /** The generated Java type of a message. */
    static Class<?> ourType(String message) {
        try {
            return Class.forName("dev.kurier.client.protocol.message." + message);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no generated type for " + message, e);
        }
    }

    /** kafka-clients' type of a message (the oracle). */
    static Class<?> kafkaType(String message) {
        try {
            return Class.forName("org.apache.kafka.common.message." + message + "Data");
        } catch (ClassNotFoundException e) {
            throw new AssertionError("kafka-clients has no " + message + "Data", e);
        }
    }

    /** Every generated message with every version its codec handles: {@code [message, version]} pairs. */
    static List<Object[]> messagesAndVersions() {
        List<Object[]> cases = new ArrayList<>();
        for (ApiKey api : ApiKey.values()) {
            for (String side : List.of("Request", "Response")) {
                String message = api.displayName + side;
                Class<?> type = ourType(message);
                short lowest = constant(type, "LOWEST_VERSION");
                short highest = constant(type, "HIGHEST_VERSION");
                for (short v = lowest; v <= highest; v++) {
                    cases.add(new Object[] {message, v});
                }
            }
        }
        return cases;
    }

    static short constant(Class<?> type, String name) {
        try {
            return type.getField(name).getShort(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " has no " + name, e);
        }
    }
}
