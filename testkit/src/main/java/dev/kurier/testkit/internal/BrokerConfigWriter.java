package dev.kurier.testkit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import dev.kurier.testkit.BrokerListener;
import dev.kurier.testkit.KafkaClusterConfig;

/**
 * Writes a node's {@code server.properties} (combined KRaft broker+controller, static quorum, all
 * listeners on 127.0.0.1, settings sized for tests) and the log4j2 configuration of its JVM.
 */
public final class BrokerConfigWriter {

    /** Loopback address every listener binds and advertises. */
    public static final String HOST = "127.0.0.1";

    private BrokerConfigWriter() {
    }

    /**
     * The broker properties of node {@code nodeId} (1-based) in a cluster whose nodes have the
     * given ports (index 0 is node 1): testkit defaults, then the configured broker properties,
     * then the node's own properties.
     */
    public static Map<String, String> serverProperties(KafkaClusterConfig config, int nodeId, List<NodePorts> ports,
                                                       NodeLayout layout) {
        int nodes = ports.size();
        NodePorts own = ports.get(nodeId - 1);
        Map<String, String> props = new LinkedHashMap<>();
        boolean controller = nodeId <= config.controllers();
        props.put("process.roles", controller ? "broker,controller" : "broker");
        props.put("node.id", Integer.toString(nodeId));
        StringJoiner voters = new StringJoiner(",");
        Integer viaProxy = own.extra().get(BrokerListener.CHAOS_CONTROLLER); // a chaos cluster's broker-only node
        for (int i = 0; i < config.controllers(); i++) {
            voters.add((i + 1) + "@" + HOST + ":" + (viaProxy != null ? viaProxy : ports.get(i).controller()));
        }
        props.put("controller.quorum.voters", voters.toString());

        StringJoiner listeners = new StringJoiner(",");
        StringJoiner advertised = new StringJoiner(",");
        StringJoiner protocols = new StringJoiner(",");
        listeners.add(BrokerListener.DEFAULT + "://" + HOST + ":" + own.broker());
        advertised.add(BrokerListener.DEFAULT + "://" + HOST + ":" + own.broker());
        protocols.add(BrokerListener.DEFAULT + ":PLAINTEXT");
        if (controller) {
            listeners.add(BrokerListener.CONTROLLER + "://" + HOST + ":" + own.controller());
        }
        protocols.add(BrokerListener.CONTROLLER + ":PLAINTEXT");
        for (BrokerListener extra : config.listeners()) {
            String endpoint = extra.name() + "://" + HOST + ":" + own.extra().get(extra.name());
            // the chaos listener binds its own port and advertises its proxy's, which forwards there
            listeners.add(extra.name().equals(BrokerListener.CHAOS)
                    ? extra.name() + "://" + HOST + ":" + own.extra().get(BrokerListener.CHAOS_BOUND) : endpoint);
            advertised.add(endpoint);
            protocols.add(extra.name() + ":" + extra.securityProtocol());
        }
        props.put("listeners", listeners.toString());
        props.put("advertised.listeners", advertised.toString());
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("controller.listener.names", BrokerListener.CONTROLLER);
        props.put("inter.broker.listener.name", BrokerListener.DEFAULT);
        props.put("log.dirs", layout.dataDirectory().toAbsolutePath().toString());

        // Topics: small and quick; internal topics replicated as far as the cluster allows.
        String replication = Integer.toString(Math.min(3, nodes));
        String minIsr = Integer.toString(Math.min(2, nodes));
        props.put("auto.create.topics.enable", Boolean.toString(config.autoCreateTopics()));
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", replication);
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", replication);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", "5");
        if (majorVersion(config.kafkaVersion()) >= 4) {
            props.put("share.coordinator.state.topic.replication.factor", replication);
            props.put("share.coordinator.state.topic.min.isr", minIsr);
        }
        props.put("group.initial.rebalance.delay.ms", "0");

        // A crashed node that restarts is refused registration until its old session expires (9 s
        // by default); a shorter session and faster heartbeats make crash tests quick.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "4000");

        // Threads and buffers sized for a test machine rather than production hardware.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("background.threads", "4");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("num.replica.fetchers", "1");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));

        props.putAll(config.brokerProperties());
        props.putAll(config.nodeProperties().getOrDefault(nodeId, Map.of()));
        return props;
    }

    /** Writes {@code props} as a properties file (ISO-8859-1 safe: non-ASCII is escaped). */
    public static void writeProperties(Path file, Map<String, String> props) throws IOException {
        StringBuilder out = new StringBuilder("# Generated by kurier-testkit\n");
        props.forEach((key, value) -> out.append(escape(key, true)).append('=').append(escape(value, false)).append('\n'));
        Files.writeString(file, out, StandardCharsets.ISO_8859_1);
    }

    /** Writes the log4j2 configuration: everything to the node's {@code broker.log}. */
    public static void writeLog4jConfig(NodeLayout layout, String rootLevel) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("status", "warn");
        props.put("name", "kurier-testkit-broker");
        props.put("appender.file.type", "File");
        props.put("appender.file.name", "BROKER_LOG");
        props.put("appender.file.fileName", layout.brokerLog().toAbsolutePath().toString());
        props.put("appender.file.append", "true");
        props.put("appender.file.layout.type", "PatternLayout");
        props.put("appender.file.layout.pattern", "[%d] %p %m (%c)%n");
        props.put("rootLogger.level", rootLevel);
        props.put("rootLogger.appenderRef.file.ref", "BROKER_LOG");
        // Chatty at INFO and of no use in a test log.
        props.put("logger.kafka-request.name", "kafka.request.logger");
        props.put("logger.kafka-request.level", "WARN");
        props.put("logger.authorizer.name", "kafka.authorizer.logger");
        props.put("logger.authorizer.level", "WARN");
        writeProperties(layout.log4jConfig(), props);
    }

    /** The major version number of a Kafka version string, e.g. 4 for {@code 4.1.2}. */
    public static int majorVersion(String kafkaVersion) {
        int dot = kafkaVersion.indexOf('.');
        return Integer.parseInt(dot < 0 ? kafkaVersion : kafkaVersion.substring(0, dot));
    }

    private static String escape(String text, boolean key) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append(key ? "\\" + c : String.valueOf(c));
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
