package dev.kurier.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import dev.kurier.testkit.internal.BrokerClasspath;
import dev.kurier.testkit.internal.BrokerConfigWriter;
import dev.kurier.testkit.internal.BrokerProcess;
import dev.kurier.testkit.internal.BrokerStartException;
import dev.kurier.testkit.internal.FreePorts;
import dev.kurier.testkit.internal.LauncherCode;
import dev.kurier.testkit.internal.NodeLayout;
import dev.kurier.testkit.internal.NodePorts;
import dev.kurier.testkit.internal.TempFiles;
import dev.kurier.testkit.launcher.ControlProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster on loopback for tests and development: one to nine combined KRaft
 * broker+controller nodes, each in its own JVM, run from the Kafka jars on Maven Central (no
 * Docker, no Kafka installation, no Kafka classes on the caller's classpath).
 *
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.builder().nodes(3).start()) {
 *     kafka.createTopic("orders", 6, 3, Map.of("min.insync.replicas", "2"));
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3"
 *     kafka.node(2).crash();
 *     kafka.node(2).start();
 * }
 * }</pre>
 *
 * Topic commands run inside a broker JVM (Kafka's own admin client) and return only when every
 * running broker's metadata shows the change.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
    /** Initial starts retry on fresh ports this many times when a port was taken meanwhile. */
    private static final int START_BIND_ATTEMPTS = 3;
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final KafkaClusterConfig config;
    private final List<KafkaNode> nodes;
    /** The chaos proxies, one per node in node order, when the cluster has a CHAOS listener. */
    private final List<ChaosProxy> proxies = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Broker-only nodes' proxies in front of the single controller, by node id (chaos clusters of one controller). */
    private final Map<Integer, ChaosProxy> controllerProxies = new java.util.concurrent.ConcurrentHashMap<>();
    private Path baseDirectory;
    private boolean temporary;
    private String clusterId;
    private Thread shutdownHook;
    private Duration startupTime;
    private volatile boolean started;
    private volatile boolean closed;

    private KafkaCluster(KafkaClusterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        List<KafkaNode> list = new ArrayList<>();
        for (int id = 1; id <= config.nodes(); id++) {
            list.add(new KafkaNode(id, config));
        }
        this.nodes = List.copyOf(list);
    }

    /** A builder with the testkit's defaults (one node, current Kafka, free ports). */
    public static KafkaClusterBuilder builder() {
        return new KafkaClusterBuilder();
    }

    /** A cluster with the given configuration, not started yet. */
    public static KafkaCluster create(KafkaClusterConfig config) {
        return new KafkaCluster(config);
    }

    /** The configuration. */
    public KafkaClusterConfig config() {
        return config;
    }

    /**
     * Resolves the broker classpath (downloading it on first use), formats the nodes' storage and
     * starts all nodes in parallel; returns when every node serves clients.
     *
     * @return this cluster
     * @throws KafkaTestkitException when a node fails or is not ready within the startup timeout;
     *                               the message holds the tail of its broker log. A cluster that
     *                               failed to start is closed.
     */
    public synchronized KafkaCluster start() {
        if (closed) {
            throw new IllegalStateException("The cluster is closed");
        }
        if (started) {
            return this;
        }
        long begin = System.nanoTime();
        List<Path> classpath = new ArrayList<>(BrokerClasspath.forKafka(config.kafkaVersion()));
        classpath.add(LauncherCode.location());
        prepareBaseDirectory();
        boolean fresh = nodes.stream().noneMatch(node -> Files.exists(layout(node.id()).metaProperties()));
        clusterId = fresh ? newClusterId() : existingClusterId();
        registerShutdownHook();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    startNodes(classpath);
                    break;
                } catch (BrokerStartException e) {
                    killAll();
                    if (!e.bindConflict() || !fresh || attempt >= START_BIND_ATTEMPTS) {
                        throw e;
                    }
                    LOG.info("A broker port was taken meanwhile; retrying on new ports ({}/{})", attempt, START_BIND_ATTEMPTS);
                    for (KafkaNode node : nodes) {
                        TempFiles.deleteRecursively(layout(node.id()).directory());
                    }
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        started = true;
        startupTime = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("Kafka {} cluster of {} node(s) started in {} ms: {}", config.kafkaVersion(), nodes.size(),
                startupTime.toMillis(), bootstrapServers());
        return this;
    }

    private void startNodes(List<Path> classpath) {
        List<NodePorts> ports = assignPorts();
        startProxies(ports);
        StringJoiner bootstrap = new StringJoiner(",");
        ports.forEach(p -> bootstrap.add(BrokerConfigWriter.HOST + ":" + p.broker()));
        for (KafkaNode node : nodes) {
            NodeLayout layout = layout(node.id());
            try {
                Files.createDirectories(layout.dataDirectory());
                BrokerConfigWriter.writeProperties(layout.serverProperties(),
                        BrokerConfigWriter.serverProperties(config, node.id(), ports, layout));
                BrokerConfigWriter.writeLog4jConfig(layout, config.brokerLogLevel());
                if (!config.scramUsers().isEmpty()) {
                    Files.write(layout.scramCredentials(), config.scramUsers(), java.nio.charset.StandardCharsets.UTF_8);
                }
                if (!config.features().isEmpty()) {
                    Files.write(layout.formatFeatures(), config.features(), java.nio.charset.StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the configuration of node " + node.id(), e);
            }
            node.assign(ports.get(node.id() - 1), layout, classpath, clusterId, bootstrap.toString());
        }
        // All nodes at once: a multi-node quorum only elects a leader once a majority runs.
        nodes.forEach(KafkaNode::launch);
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        for (KafkaNode node : nodes) {
            node.awaitReady(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    private List<NodePorts> assignPorts() {
        int perNode = 4 + config.listeners().size();
        List<Integer> free = FreePorts.pick(perNode * nodes.size());
        if (config.port() != 0) {
            FreePorts.requireFree(config.port());
        }
        List<NodePorts> ports = new ArrayList<>();
        int next = 0;
        for (KafkaNode node : nodes) {
            int broker = free.get(next++);
            if (node.id() == 1 && config.port() != 0) {
                broker = config.port();
            }
            int controller = free.get(next++);
            Map<String, Integer> extra = new LinkedHashMap<>();
            for (BrokerListener listener : config.listeners()) {
                extra.put(listener.name(), free.get(next++));
            }
            int bound = free.get(next++);
            int controllerProxy = free.get(next++);
            if (extra.containsKey(BrokerListener.CHAOS)) {
                extra.put(BrokerListener.CHAOS_BOUND, bound);
                if (config.controllers() == 1 && node.id() > 1) {
                    extra.put(BrokerListener.CHAOS_CONTROLLER, controllerProxy); // its link to the controller
                }
            }
            ports.add(new NodePorts(broker, controller, extra));
        }
        return ports;
    }

    /** One chaos proxy per node in front of its CHAOS listener, when the cluster has one; replaces older ones. */
    private void startProxies(List<NodePorts> ports) {
        proxies.forEach(ChaosProxy::close);
        proxies.clear();
        controllerProxies.values().forEach(ChaosProxy::close);
        controllerProxies.clear();
        for (int i = 0; i < ports.size(); i++) {
            Integer viaProxy = ports.get(i).extra().get(BrokerListener.CHAOS_CONTROLLER);
            if (viaProxy != null) {
                try {
                    controllerProxies.put(i + 1, new ChaosProxy(viaProxy, ports.get(0).controller()));
                } catch (IOException e) {
                    throw new BrokerStartException("Cannot open the controller chaos proxy on port " + viaProxy + ": "
                            + e.getMessage(), true, e);
                }
            }
        }
        for (NodePorts p : ports) {
            Integer advertised = p.extra().get(BrokerListener.CHAOS);
            if (advertised == null) {
                continue;
            }
            try {
                proxies.add(new ChaosProxy(advertised, p.extra().get(BrokerListener.CHAOS_BOUND)));
            } catch (IOException e) {
                throw new BrokerStartException("Cannot open the chaos proxy on port " + advertised + ": " + e.getMessage(),
                        true, e);
            }
        }
    }

    /**
     * The chaos proxy of node {@code id} ({@link KafkaClusterBuilder#chaosProxy()}); clients reach the node through it
     * with {@code bootstrapServers("CHAOS")}.
     */
    public ChaosProxy chaosProxy(int id) {
        requireStarted();
        if (proxies.isEmpty()) {
            throw new IllegalStateException("The cluster has no chaos proxies: build it with chaosProxy()");
        }
        node(id);
        return proxies.get(id - 1);
    }

    /**
     * The chaos proxy between broker-only node {@code id} and the cluster's single controller (a chaos cluster with
     * {@link KafkaClusterBuilder#controllers(int) controllers(1)}): blackholing it and the node's own proxy isolates
     * the node from clients, followers and the controller alike.
     */
    public ChaosProxy controllerProxy(int id) {
        requireStarted();
        ChaosProxy p = controllerProxies.get(id);
        if (p == null) {
            throw new IllegalStateException("Node " + id + " has no controller proxy: build a chaosProxy() cluster with"
                    + " controllers(1); node 1 is the controller itself");
        }
        return p;
    }

    /** Every node's chaos proxy, by node id order (empty without {@link KafkaClusterBuilder#chaosProxy()}). */
    public List<ChaosProxy> chaosProxies() {
        return List.copyOf(proxies);
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,...}: the {@code PLAINTEXT} listeners of all nodes. */
    public String bootstrapServers() {
        return bootstrapServers(BrokerListener.DEFAULT);
    }

    /** The addresses of one listener (e.g. an extra {@code SASL} listener) of all nodes. */
    public String bootstrapServers(String listenerName) {
        requireStarted();
        StringJoiner out = new StringJoiner(",");
        nodes.forEach(node -> out.add(node.bootstrapServer(listenerName)));
        return out.toString();
    }

    /** The node with id {@code id}; ids run from 1 to the number of nodes. */
    public KafkaNode node(int id) {
        if (id < 1 || id > nodes.size()) {
            throw new IllegalArgumentException("No node " + id + ": node ids are 1.." + nodes.size());
        }
        return nodes.get(id - 1);
    }

    /** All nodes, by id. */
    public List<KafkaNode> nodes() {
        return nodes;
    }

    /** The KRaft cluster id. */
    public String clusterId() {
        requireStarted();
        return clusterId;
    }

    /** Whether {@link #start()} completed and {@link #close()} was not called. */
    public boolean isStarted() {
        return started && !closed;
    }

    /** How long the last {@link #start()} took (classpath resolution included). */
    public Duration startupTime() {
        requireStarted();
        return startupTime;
    }

    /** Creates a topic with one partition and replication factor 1. */
    public void createTopic(String name) {
        createTopic(name, 1, 1, Map.of());
    }

    /** Creates a topic without topic configs. */
    public void createTopic(String name, int partitions, int replicationFactor) {
        createTopic(name, partitions, replicationFactor, Map.of());
    }

    /**
     * Creates a topic and waits until every running broker's metadata shows a leader for every
     * partition.
     *
     * @throws KafkaTestkitException when the topic exists already or the cluster refuses it (e.g. a
     *                               replication factor above the number of live nodes)
     */
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        requireTopicName(name);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, was " + replicationFactor);
        }
        Objects.requireNonNull(configs, "configs");
        command("Creating topic '" + name + "'", ControlProtocol.CREATE_TOPIC, name, Integer.toString(partitions),
                Integer.toString(replicationFactor), ControlProtocol.encodeMap(configs), runningBootstrap(),
                Long.toString(config.adminTimeout().toMillis()));
    }

    /** Deletes a topic and waits until no running broker's metadata shows it any more. */
    public void deleteTopic(String name) {
        requireTopicName(name);
        command("Deleting topic '" + name + "'", ControlProtocol.DELETE_TOPIC, name, runningBootstrap(),
                Long.toString(config.adminTimeout().toMillis()));
    }

    /** The names of all topics except internal ones, as a running broker's metadata shows them. */
    public Set<String> topicNames() {
        String reply = command("Listing topics", ControlProtocol.LIST_TOPICS, anyRunningNode().bootstrapServer());
        Set<String> names = new LinkedHashSet<>();
        for (String name : reply.split(",")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The partitions of a topic as a running broker's metadata shows them.
     *
     * @throws KafkaTestkitException when the topic does not exist
     */
    public TopicLayout describeTopic(String name) {
        requireTopicName(name);
        String reply = command("Describing topic '" + name + "'", ControlProtocol.DESCRIBE_TOPIC, name,
                anyRunningNode().bootstrapServer());
        List<PartitionLayout> partitions = new ArrayList<>();
        if (!reply.isEmpty()) {
            for (String entry : reply.split(";")) {
                String[] parts = entry.split("/", -1);
                if (parts.length != 4) {
                    throw new KafkaTestkitException("Malformed partition description from the broker: " + entry);
                }
                partitions.add(new PartitionLayout(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        ids(parts[2]), ids(parts[3])));
            }
        }
        return new TopicLayout(name, partitions);
    }

    /**
     * Stops every node and, unless the cluster has a persistent {@link KafkaClusterBuilder#dataDirectory
     * data directory}, deletes all its files. Temporary clusters are killed rather than stopped
     * cleanly: their data is about to go, and a clean stop of a whole quorum takes time.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (temporary) {
            killAll();
        } else {
            List<Thread> stoppers = new ArrayList<>();
            for (KafkaNode node : nodes) {
                Thread stopper = new Thread(node::stop, "kurier-stop-node-" + node.id());
                stopper.start();
                stoppers.add(stopper);
            }
            for (Thread stopper : stoppers) {
                try {
                    stopper.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    killAll();
                    break;
                }
            }
        }
        nodes.forEach(KafkaNode::retire);
        controllerProxies.values().forEach(ChaosProxy::close);
        proxies.forEach(ChaosProxy::close);
        if (temporary && baseDirectory != null) {
            TempFiles.deleteRecursively(baseDirectory);
        }
        removeShutdownHook();
        if (started) {
            LOG.info("Kafka cluster {} closed", clusterId);
        }
    }

    @Override
    public String toString() {
        return "KafkaCluster[" + config.nodes() + " node(s), Kafka " + config.kafkaVersion()
                + (isStarted() ? ", " + bootstrapServers() : ", not running") + "]";
    }

    // ---- helpers ----

    private String command(String what, String verb, String... args) {
        requireStarted();
        KafkaNode node = anyRunningNode();
        BrokerProcess process = node.runningProcess();
        if (process == null) {
            throw new KafkaTestkitException(what + " failed: node " + node.id() + " stopped meanwhile");
        }
        try {
            return process.call(config.adminTimeout().plusSeconds(10), verb, args);
        } catch (KafkaTestkitException e) {
            throw new KafkaTestkitException(what + " failed: " + e.getMessage(), e);
        }
    }

    private KafkaNode anyRunningNode() {
        requireStarted();
        for (KafkaNode node : nodes) {
            if (node.isRunning()) {
                return node;
            }
        }
        throw new KafkaTestkitException("No node of the cluster is running");
    }

    private String runningBootstrap() {
        StringJoiner out = new StringJoiner(",");
        for (KafkaNode node : nodes) {
            if (node.isRunning()) {
                out.add(node.bootstrapServer());
            }
        }
        return out.toString();
    }

    private void requireStarted() {
        if (closed) {
            throw new IllegalStateException("The cluster is closed");
        }
        if (!started) {
            throw new IllegalStateException("The cluster is not started: call start() first");
        }
    }

    private static void requireTopicName(String name) {
        Objects.requireNonNull(name, "topic name");
        if (!TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Illegal topic name '" + name
                    + "': use 1 to 249 of the characters a-z A-Z 0-9 . _ -");
        }
    }

    private static List<Integer> ids(String csv) {
        List<Integer> ids = new ArrayList<>();
        if (!csv.isEmpty()) {
            for (String id : csv.split(",")) {
                ids.add(Integer.parseInt(id));
            }
        }
        return ids;
    }

    private NodeLayout layout(int nodeId) {
        return new NodeLayout(baseDirectory.resolve("node-" + nodeId));
    }

    private void prepareBaseDirectory() {
        if (baseDirectory != null) {
            return;
        }
        try {
            if (config.dataDirectory() != null) {
                baseDirectory = Files.createDirectories(config.dataDirectory().toAbsolutePath());
                temporary = false;
            } else {
                baseDirectory = TempFiles.createTempDirectory("kurier-kafka-");
                temporary = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the cluster's data directory", e);
        }
    }

    /** A random KRaft cluster id (16 bytes, URL-safe base64), never starting with '-' (it is a CLI argument). */
    private static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        while (true) {
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private String existingClusterId() {
        for (KafkaNode node : nodes) {
            Path meta = layout(node.id()).metaProperties();
            if (Files.exists(meta)) {
                Properties props = new Properties();
                try (InputStream in = Files.newInputStream(meta)) {
                    props.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + meta, e);
                }
                String id = props.getProperty("cluster.id");
                if (id != null && !id.isBlank()) {
                    return id.trim();
                }
            }
        }
        throw new KafkaTestkitException("The data directory " + baseDirectory + " holds no cluster id");
    }

    private void killAll() {
        for (KafkaNode node : nodes) {
            node.kill();
        }
    }

    private void registerShutdownHook() {
        if (shutdownHook != null) {
            return;
        }
        // A test JVM that never closes the cluster must not leave broker JVMs or temp files behind.
        shutdownHook = new Thread(() -> {
            for (KafkaNode node : nodes) {
                try {
                    node.kill();
                } catch (RuntimeException ignored) {
                    // best effort while the JVM exits
                }
            }
            if (temporary && baseDirectory != null) {
                TempFiles.deleteRecursively(baseDirectory);
            }
        }, "kurier-kafka-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to: nothing to remove
        }
        shutdownHook = null;
    }
}
