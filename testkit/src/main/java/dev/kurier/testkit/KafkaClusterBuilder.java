package dev.kurier.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.kurier.testkit.internal.TestkitVersions;

/**
 * Builds a {@link KafkaCluster}; obtained from {@link KafkaCluster#builder()}. Defaults: one node,
 * the Kafka version this testkit was built with (or the system property {@value
 * #KAFKA_VERSION_PROPERTY}), free ports, topic auto-creation on, 60 s startup timeout, 30 s shutdown
 * and admin timeouts, a temporary data directory, INFO broker logs.
 */
public final class KafkaClusterBuilder {

    /** The system property that changes the default Kafka version of every cluster (and the shared broker). */
    public static final String KAFKA_VERSION_PROPERTY = "kurier.testkit.kafka.version";

    private int nodes = 1;
    private int controllers;
    private String kafkaVersion = defaultKafkaVersion();
    private int port;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private final Map<Integer, Map<String, String>> nodeProperties = new LinkedHashMap<>();
    private final List<BrokerListener> listeners = new ArrayList<>();
    private boolean autoCreateTopics = true;
    private Duration startupTimeout = Duration.ofSeconds(60);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Duration adminTimeout = Duration.ofSeconds(30);
    private final List<String> jvmOptions = new ArrayList<>();
    private Path dataDirectory;
    private String brokerLogLevel = "INFO";
    private final List<String> scramUsers = new ArrayList<>();
    private final List<String> features = new ArrayList<>();

    KafkaClusterBuilder() {
    }

    /**
     * How many of the nodes (the first ones) are also KRaft controllers; the others are brokers only, so tests can
     * stop all the replicas of a partition (an unclean election) without losing the quorum. Default: every node.
     */
    public KafkaClusterBuilder controllers(int controllers) {
        this.controllers = controllers;
        return this;
    }

    /** Number of nodes (1 to 9), each a combined broker and controller of one static quorum. */
    public KafkaClusterBuilder nodes(int nodes) {
        this.nodes = nodes;
        return this;
    }

    /**
     * The Apache Kafka release to run; 3.9.x and 4.x work. The default is the system property {@code
     * kurier.testkit.kafka.version} if set, else the version the testkit was built with (4.4.0).
     */
    public KafkaClusterBuilder kafkaVersion(String kafkaVersion) {
        this.kafkaVersion = Objects.requireNonNull(kafkaVersion, "kafkaVersion");
        return this;
    }

    /** The {@code PLAINTEXT} port of node 1; 0 (the default) picks a free port. */
    public KafkaClusterBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** Sets a broker property on every node, over the testkit's defaults. */
    public KafkaClusterBuilder brokerProperty(String key, String value) {
        brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Sets broker properties on every node, over the testkit's defaults. */
    public KafkaClusterBuilder brokerProperties(Map<String, String> properties) {
        properties.forEach(this::brokerProperty);
        return this;
    }

    /** Sets a broker property on one node (ids start at 1), e.g. {@code broker.rack}. */
    public KafkaClusterBuilder nodeProperty(int nodeId, String key, String value) {
        nodeProperties.computeIfAbsent(nodeId, id -> new LinkedHashMap<>())
                .put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Puts a {@link ChaosProxy} in front of every node: each node opens a {@code CHAOS} listener (plaintext) and
     * advertises its proxy's port on it, so a client bootstrapped with {@code bootstrapServers("CHAOS")} reaches
     * every node, leaders included, only through the proxies ({@link KafkaCluster#chaosProxy(int)}). Replication
     * between nodes keeps its own listener.
     */
    public KafkaClusterBuilder chaosProxy() {
        return listener(BrokerListener.CHAOS, "PLAINTEXT");
    }

    /** Adds an extra client listener (e.g. {@code "SASL", "SASL_PLAINTEXT"}) on its own free port per node. */
    public KafkaClusterBuilder listener(String name, String securityProtocol) {
        listeners.add(new BrokerListener(name, securityProtocol));
        return this;
    }

    /**
     * Creates a SCRAM user when the storage is formatted (first start), for SASL/SCRAM listeners.
     *
     * @param mechanism {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
     */
    public KafkaClusterBuilder scramUser(String mechanism, String name, String password) {
        if (!mechanism.equals("SCRAM-SHA-256") && !mechanism.equals("SCRAM-SHA-512")) {
            throw new IllegalArgumentException("SCRAM mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512, was " + mechanism);
        }
        if (!name.matches("[A-Za-z0-9_.-]+") || password.contains("]") || password.contains(",")) {
            throw new IllegalArgumentException("SCRAM user names are letters, digits, '_', '.', '-'; passwords must not "
                    + "hold ',' or ']'");
        }
        scramUsers.add(mechanism + "=[name=" + name + ",password=" + password + "]");
        return this;
    }

    /**
     * Formats the cluster with {@code feature} at {@code level} instead of the release's default, e.g.
     * {@code transaction.version} 1 to run a 4.x cluster on transactions version 1.
     */
    public KafkaClusterBuilder feature(String feature, int level) {
        if (!feature.matches("[a-z][a-z0-9_.]*") || level < 0) {
            throw new IllegalArgumentException("a feature is a name like transaction.version and a level >= 0, was "
                    + feature + "=" + level);
        }
        features.add(feature + "=" + level);
        return this;
    }

    /** The broker's {@code auto.create.topics.enable} (default true). */
    public KafkaClusterBuilder autoCreateTopics(boolean autoCreateTopics) {
        this.autoCreateTopics = autoCreateTopics;
        return this;
    }

    /** How long a node may take to become ready (default 60 s). */
    public KafkaClusterBuilder startupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
        return this;
    }

    /** How long a clean stop may take before the node is killed (default 30 s). */
    public KafkaClusterBuilder shutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
        return this;
    }

    /** How long a topic command may take, metadata propagation included (default 30 s). */
    public KafkaClusterBuilder adminTimeout(Duration adminTimeout) {
        this.adminTimeout = adminTimeout;
        return this;
    }

    /** Adds an option for the broker JVMs, after the defaults (so {@code -Xmx1g} overrides the default heap). */
    public KafkaClusterBuilder jvmOption(String option) {
        jvmOptions.add(Objects.requireNonNull(option, "option"));
        return this;
    }

    /**
     * Keeps the nodes' data in {@code directory} ({@code node-1}, {@code node-2}, ... below it) instead
     * of a temporary directory; it survives {@link KafkaCluster#close()} and is reused by the next
     * cluster built on it (same cluster id).
     */
    public KafkaClusterBuilder dataDirectory(Path directory) {
        this.dataDirectory = directory;
        return this;
    }

    /** Root log level of the broker logs (default {@code INFO}). */
    public KafkaClusterBuilder brokerLogLevel(String level) {
        this.brokerLogLevel = Objects.requireNonNull(level, "level");
        return this;
    }

    private static String defaultKafkaVersion() {
        String configured = System.getProperty(KAFKA_VERSION_PROPERTY);
        return configured == null || configured.isBlank() ? TestkitVersions.current().kafka() : configured.trim();
    }

    /** The immutable configuration built so far. */
    public KafkaClusterConfig config() {
        return new KafkaClusterConfig(nodes, kafkaVersion, port, brokerProperties, nodeProperties, listeners,
                autoCreateTopics, startupTimeout, shutdownTimeout, adminTimeout, jvmOptions, dataDirectory, brokerLogLevel,
                scramUsers, features, controllers);
    }

    /** A cluster with this configuration, not started yet. */
    public KafkaCluster build() {
        return KafkaCluster.create(config());
    }

    /** A cluster with this configuration, started. */
    public KafkaCluster start() {
        return build().start();
    }
}
