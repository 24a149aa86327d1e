package dev.kurier.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The one map of Kafka client config keys every command passes to {@code ClientConfig},
 * {@code ProducerConfig} and {@code ConsumerConfig}. Sources, strongest first: {@code -b}; {@code -X}
 * (the last one for a key wins); {@code -F} files (later files win); {@code $KURIER_BOOTSTRAP_SERVERS} for
 * {@code bootstrap.servers}; the defaults {@code bootstrap.servers=localhost:9092} and
 * {@code client.id=kurier-cli}.
 */
final class ClientSettings {

    /** The environment variable consulted when neither -b nor a config key gives the bootstrap servers. */
    static final String BOOTSTRAP_ENV = "KURIER_BOOTSTRAP_SERVERS";
    static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    static final String DEFAULT_CLIENT_ID = "kurier-cli";

    private ClientSettings() {
    }

    /**
     * Builds the map from the global options.
     *
     * @throws UsageException for a {@code -X} without {@code =} or with an empty key
     * @throws UncheckedIOException when a {@code -F} file cannot be read (a message naming the file)
     */
    static Map<String, Object> from(ParsedOptions options, Map<String, String> env, Help.Topic help) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (String file : options.all("config-file")) {
            config.putAll(load(Path.of(file)));
        }
        for (String kv : options.all("config-property")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(help, "option -X needs KEY=VALUE, got '" + kv + "'");
            }
            config.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
        }
        String bootstrap = options.get("bootstrap-servers");
        if (bootstrap != null) {
            config.put("bootstrap.servers", bootstrap);
        } else if (!config.containsKey("bootstrap.servers")) {
            String fromEnv = env.get(BOOTSTRAP_ENV);
            config.put("bootstrap.servers", fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : DEFAULT_BOOTSTRAP);
        }
        config.putIfAbsent("client.id", DEFAULT_CLIENT_ID);
        return Collections.unmodifiableMap(config);
    }

    private static Map<String, Object> load(Path file) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("config file " + file + " (-F) does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + " (-F): " + e.getMessage(), e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            m.put(name, props.getProperty(name));
        }
        return m;
    }
}
