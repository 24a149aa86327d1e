package dev.kurier.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The immutable description of a test cluster; built with {@link KafkaCluster#builder()}.
 *
 * @param nodes            number of nodes (1 to 9): the first {@code controllers} are combined KRaft
 *                         broker+controllers, the others brokers only
 * @param kafkaVersion     the Apache Kafka release to run, e.g. {@code 4.1.2} or {@code 3.9.1}
 * @param port             the {@code PLAINTEXT} port of node 1, or 0 for a free port
 * @param brokerProperties broker properties for every node, applied over the testkit's defaults
 * @param nodeProperties   broker properties per node id, applied last
 * @param listeners        extra client listeners every node opens (SASL, TLS)
 * @param autoCreateTopics the broker's {@code auto.create.topics.enable}
 * @param startupTimeout   how long a node may take to start before it counts as failed
 * @param shutdownTimeout  how long a clean stop may take before the node is killed
 * @param adminTimeout     how long a topic command may take, including metadata propagation
 * @param jvmOptions       extra options for the broker JVMs, after the testkit's defaults
 * @param dataDirectory    where the nodes keep their data, or {@code null} for a temporary
 *                         directory that {@link KafkaCluster#close()} deletes
 * @param brokerLogLevel   the root log level of the broker logs ({@code INFO}, {@code DEBUG}, ...)
 * @param scramUsers       SCRAM credentials created when the storage is formatted, as the storage tool's
 *                         {@code --add-scram} takes them ({@code SCRAM-SHA-256=[name=alice,password=...]})
 * @param features         feature levels set when the storage is formatted, as the storage tool's {@code --feature}
 *                         takes them ({@code transaction.version=1}); empty for the release's defaults
 * @param controllers      how many of the nodes (the first ones) form the KRaft quorum; 0 for all. With fewer
 *                         controllers than nodes, the broker-only nodes can all be stopped without losing the quorum
 */
public record KafkaClusterConfig(
        int nodes,
        String kafkaVersion,
        int port,
        Map<String, String> brokerProperties,
        Map<Integer, Map<String, String>> nodeProperties,
        List<BrokerListener> listeners,
        boolean autoCreateTopics,
        Duration startupTimeout,
        Duration shutdownTimeout,
        Duration adminTimeout,
        List<String> jvmOptions,
        Path dataDirectory,
        String brokerLogLevel,
        List<String> scramUsers,
        List<String> features,
        int controllers) {

    /** The most nodes a test cluster may have. */
    public static final int MAX_NODES = 9;

    /** Validates and copies. */
    public KafkaClusterConfig {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be between 1 and " + MAX_NODES + ", was " + nodes);
        }
        Objects.requireNonNull(kafkaVersion, "kafkaVersion");
        if (!kafkaVersion.matches("\\d+\\.\\d+\\.\\d+([.-][A-Za-z0-9.-]+)?")) {
            throw new IllegalArgumentException("kafkaVersion must look like 4.1.2, was " + kafkaVersion);
        }
        if (controllers < 0 || controllers > nodes) {
            throw new IllegalArgumentException("controllers must be between 1 and nodes (" + nodes + "), or 0 for all,"
                    + " was " + controllers);
        }
        controllers = controllers == 0 ? nodes : controllers;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        brokerProperties = Map.copyOf(brokerProperties);
        Map<Integer, Map<String, String>> perNode = new LinkedHashMap<>();
        nodeProperties.forEach((node, props) -> {
            if (node < 1 || node > nodes) {
                throw new IllegalArgumentException("nodeProperties for node " + node + ", but node ids are 1.." + nodes);
            }
            perNode.put(node, Map.copyOf(props));
        });
        nodeProperties = Map.copyOf(perNode);
        listeners = List.copyOf(listeners);
        Set<String> names = new HashSet<>();
        for (BrokerListener listener : listeners) {
            if (!names.add(listener.name())) {
                throw new IllegalArgumentException("Listener " + listener.name() + " is declared twice");
            }
        }
        requirePositive(startupTimeout, "startupTimeout");
        requirePositive(shutdownTimeout, "shutdownTimeout");
        requirePositive(adminTimeout, "adminTimeout");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(brokerLogLevel, "brokerLogLevel");
        scramUsers = List.copyOf(scramUsers);
        features = List.copyOf(features);
    }

    /** Hides the SCRAM passwords. */
    @Override
    public String toString() {
        return "KafkaClusterConfig[nodes=" + nodes + ", kafkaVersion=" + kafkaVersion + ", listeners=" + listeners
                + ", scramUsers=" + scramUsers.size() + ", features=" + features + "]";
    }

    /** The data directory, if the cluster keeps its data there rather than in a temporary directory. */
    public Optional<Path> persistentDataDirectory() {
        return Optional.ofNullable(dataDirectory);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
