package dev.kurier.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.kurier.testkit.internal.BrokerConfigWriter;
import dev.kurier.testkit.internal.BrokerProcess;
import dev.kurier.testkit.internal.BrokerStartException;
import dev.kurier.testkit.internal.LauncherCommand;
import dev.kurier.testkit.internal.NodeLayout;
import dev.kurier.testkit.internal.NodePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a {@link KafkaCluster}: a combined KRaft broker+controller in its own JVM. A node keeps
 * its ports and its data across {@link #stop()}, {@link #crash()} and {@link #start()}, so a
 * restarted node is the same broker to its clients and to the rest of the cluster.
 */
public final class KafkaNode {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);
    /** Restarts retry a port that is still (or again) taken this many times. */
    private static final int RESTART_BIND_ATTEMPTS = 5;

    private final int id;
    private final KafkaClusterConfig config;
    private volatile NodePorts ports;
    private volatile NodeLayout layout;
    private List<Path> classpath;
    private String clusterId;
    private String clusterBootstrap;
    private volatile BrokerProcess process;
    private volatile boolean retired;

    KafkaNode(int id, KafkaClusterConfig config) {
        this.id = id;
        this.config = config;
    }

    /** The node id ({@code node.id}); nodes are numbered from 1. */
    public int id() {
        return id;
    }

    /** The port of the {@code PLAINTEXT} listener. */
    public int port() {
        return requirePorts().broker();
    }

    /** {@code 127.0.0.1:<port>} of the {@code PLAINTEXT} listener. */
    public String bootstrapServer() {
        return BrokerConfigWriter.HOST + ":" + port();
    }

    /** The port of the KRaft controller listener. */
    public int controllerPort() {
        return requirePorts().controller();
    }

    /** The port of an extra listener declared with {@link KafkaClusterBuilder#listener}, or of {@code PLAINTEXT}. */
    public int listenerPort(String listenerName) {
        String name = listenerName.toUpperCase(Locale.ROOT);
        if (BrokerListener.DEFAULT.equals(name)) {
            return port();
        }
        Integer port = requirePorts().extra().get(name);
        if (port == null) {
            throw new IllegalArgumentException("No listener " + listenerName + "; declared: " + requirePorts().extra().keySet());
        }
        return port;
    }

    /** {@code 127.0.0.1:<port>} of a listener. */
    public String bootstrapServer(String listenerName) {
        return BrokerConfigWriter.HOST + ":" + listenerPort(listenerName);
    }

    /** The node's directory (data, generated configuration, logs). */
    public Path directory() {
        return requireLayout().directory();
    }

    /** The broker's log file. */
    public Path logFile() {
        return requireLayout().brokerLog();
    }

    /** Whether the node's broker JVM is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id of the node's broker JVM, or -1 when it is not running. */
    public synchronized long pid() {
        return isRunning() ? process.pid() : -1;
    }

    /**
     * Starts the node on its existing data and ports and waits until it serves; does nothing when it
     * is running. A port still held by someone else is retried a few times.
     */
    public synchronized void start() {
        requireLayout();
        if (retired) {
            throw new IllegalStateException("Node " + id + " belongs to a closed cluster");
        }
        if (isRunning()) {
            return;
        }
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            launch();
            try {
                awaitReady(config.startupTimeout());
                LOG.info("Node {} started in {} ms on {}", id, (System.nanoTime() - started) / 1_000_000, bootstrapServer());
                return;
            } catch (BrokerStartException e) {
                if (!e.bindConflict() || attempt >= RESTART_BIND_ATTEMPTS) {
                    throw e;
                }
                LOG.info("Node {}: a port is still in use, retrying ({}/{})", id, attempt, RESTART_BIND_ATTEMPTS);
                sleep(500L * attempt);
            }
        }
    }

    /** Stops the node cleanly (SIGTERM, Kafka's controlled shutdown); kills it if that takes too long. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        long started = System.nanoTime();
        process.stop(config.shutdownTimeout());
        process = null;
        LOG.info("Node {} stopped in {} ms", id, (System.nanoTime() - started) / 1_000_000);
    }

    /** Kills the node's JVM at once (SIGKILL): no controlled shutdown, no flush, as in a power cut. */
    public synchronized void crash() {
        if (process == null) {
            return;
        }
        process.kill();
        process = null;
        LOG.info("Node {} crashed (killed)", id);
    }

    /** {@link #stop()} then {@link #start()}. */
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public String toString() {
        NodePorts assigned = ports;
        return "KafkaNode[" + id + (assigned == null ? "" : ", 127.0.0.1:" + assigned.broker()) + "]";
    }

    // ---- used by KafkaCluster ----

    synchronized void assign(NodePorts ports, NodeLayout layout, List<Path> classpath, String clusterId,
                             String clusterBootstrap) {
        this.ports = ports;
        this.layout = layout;
        this.classpath = classpath;
        this.clusterId = clusterId;
        this.clusterBootstrap = clusterBootstrap;
    }

    /** Starts the JVM without waiting; formats the storage on the node's first start. */
    synchronized void launch() {
        boolean format = !Files.exists(layout.metaProperties());
        List<String> command = LauncherCommand.build(new LauncherCommand.Launch(id, layout, classpath,
                config.jvmOptions(), clusterId, bootstrapServer(), clusterBootstrap, format));
        process = BrokerProcess.launch(id, command, layout);
    }

    /** Waits up to {@code timeout} (what is left of the startup timeout) for the launched JVM. */
    void awaitReady(Duration timeout) {
        BrokerProcess launched;
        synchronized (this) {
            launched = process;
        }
        if (launched == null) {
            throw new IllegalStateException("Node " + id + " was not launched");
        }
        try {
            launched.awaitReady(timeout, config.startupTimeout());
        } catch (RuntimeException e) {
            synchronized (this) {
                if (process == launched) {
                    process = null;
                }
            }
            throw e;
        }
    }

    /** The running process, for control commands. */
    synchronized BrokerProcess runningProcess() {
        return isRunning() ? process : null;
    }

    /**
     * Kills the JVM without taking the node's lock (a shutdown hook must not wait for a start in
     * progress) and without logging.
     */
    void retire() {
        retired = true;
        kill();
    }

    void kill() {
        BrokerProcess current = process;
        if (current != null) {
            current.kill();
        }
    }

    private NodePorts requirePorts() {
        NodePorts assigned = ports;
        if (assigned == null) {
            throw new IllegalStateException("Node " + id + " has no ports yet: start the cluster first");
        }
        return assigned;
    }

    private NodeLayout requireLayout() {
        NodeLayout assigned = layout;
        if (assigned == null) {
            throw new IllegalStateException("Node " + id + " has no directory yet: start the cluster first");
        }
        return assigned;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaTestkitException("Interrupted while restarting a node", e);
        }
    }
}
