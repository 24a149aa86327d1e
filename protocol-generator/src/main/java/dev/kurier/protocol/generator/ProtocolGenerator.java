package dev.kurier.protocol.generator;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The build-time entry point: reads Apache Kafka's message schemas and writes the client's protocol types.
 *
 * <p>Arguments: the schema directory ({@code common/message} of the kafka-clients sources artifact), the Java
 * source root to write to, the version caps file ({@code ApiName=maxVersion}: the client's logic uses no newer
 * version yet), and the file to write the README's API table to. Every API served by brokers is generated, in its
 * stable flexible versions; an API with no flexible version (SaslHandshake, OffsetDelete) in its classic one.
 */
public final class ProtocolGenerator {

    /** The package of the message types. */
    static final String MESSAGE_PACKAGE = "dev.kurier.client.protocol.message";
    /** The package of {@code ApiKey}. */
    static final String PROTOCOL_PACKAGE = "dev.kurier.client.protocol";

    private ProtocolGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: ProtocolGenerator <schema dir> <java output dir> <caps file> "
                    + "<api table file>");
        }
        List<ApiSelection> apis = select(Path.of(args[0]), readCaps(Path.of(args[2])));
        Path out = Path.of(args[1]);
        Path messages = out.resolve(MESSAGE_PACKAGE.replace('.', '/'));
        Files.createDirectories(messages);
        for (ApiSelection api : apis) {
            for (MessageSpec message : List.of(api.request(), api.response())) {
                String source = new MessageGenerator(message, api.versions(), api.flexible(), MESSAGE_PACKAGE,
                        api.constant()).generate();
                writeIfChanged(messages.resolve(message.name() + ".java"), source);
            }
        }
        Path protocol = out.resolve(PROTOCOL_PACKAGE.replace('.', '/'));
        Files.createDirectories(protocol);
        writeIfChanged(protocol.resolve("ApiKey.java"), ApiKeyGenerator.enumSource(PROTOCOL_PACKAGE, apis));
        Path table = Path.of(args[3]);
        Files.createDirectories(table.toAbsolutePath().getParent());
        writeIfChanged(table, ApiKeyGenerator.markdownTable(apis));
        System.out.println("Kurier protocol generator: " + apis.size() + " APIs, " + (apis.size() * 2)
                + " message types");
    }

    /** Pairs every broker-served request with its response and picks the versions to generate. */
    static List<ApiSelection> select(Path schemaDir, Map<String, Integer> caps) throws IOException {
        Map<String, MessageSpec> byName = new HashMap<>();
        try (Stream<Path> files = Files.list(schemaDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                MessageSpec spec;
                try {
                    spec = SchemaReader.read(file);
                } catch (SchemaException e) {
                    throw new SchemaException(file.getFileName() + ": " + e.getMessage());
                }
                if (spec != null) {
                    byName.put(spec.name(), spec);
                }
            }
        }
        List<ApiSelection> apis = new ArrayList<>();
        for (MessageSpec request : byName.values()) {
            if (!request.request() || !request.listeners().contains("broker")) {
                continue;
            }
            MessageSpec response = byName.get(request.apiName() + "Response");
            if (response == null) {
                throw new SchemaException(request.name() + " has no response schema");
            }
            ApiSelection api = ApiSelection.of(request, response, caps.get(request.apiName()));
            if (api != null) {
                apis.add(api);
            }
        }
        for (String capped : caps.keySet()) {
            if (apis.stream().noneMatch(a -> a.apiName().equals(capped))) {
                throw new SchemaException("the caps file names " + capped + ", which is not a generated API");
            }
        }
        apis.sort(Comparator.comparingInt(a -> a.request().apiKey()));
        return apis;
    }

    static Map<String, Integer> readCaps(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        }
        Map<String, Integer> caps = new HashMap<>();
        for (String name : props.stringPropertyNames()) {
            caps.put(name, Integer.parseInt(props.getProperty(name).trim()));
        }
        return caps;
    }

    /** Leaves an unchanged file alone, so that the compiler does not rebuild what did not change. */
    private static void writeIfChanged(Path file, String content) throws IOException {
        if (Files.exists(file) && Files.readString(file).equals(content)) {
            return;
        }
        Files.writeString(file, content);
    }
}
