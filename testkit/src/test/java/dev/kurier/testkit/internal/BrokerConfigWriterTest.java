package dev.kurier.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.KafkaClusterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigWriterTest {

    private final List<NodePorts> ports = List.of(
            new NodePorts(9001, 9101, Map.of("SASL", 9201)),
            new NodePorts(9002, 9102, Map.of("SASL", 9202)),
            new NodePorts(9003, 9103, Map.of("SASL", 9203)));

    @Test
    void threeNodesFormOneStaticQuorumOnLoopback() {
        KafkaClusterConfig config = KafkaCluster.builder().nodes(3).listener("sasl", "SASL_PLAINTEXT")
                .brokerProperty("num.partitions", "4")
                .nodeProperty(2, "broker.rack", "b")
                .config();
        NodeLayout layout = new NodeLayout(Path.of("/data/node-2"));

        Map<String, String> props = BrokerConfigWriter.serverProperties(config, 2, ports, layout);

        assertThat(props)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102,SASL://127.0.0.1:9202")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9002,SASL://127.0.0.1:9202")
                .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL:SASL_PLAINTEXT")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .containsEntry("log.dirs", layout.dataDirectory().toAbsolutePath().toString())
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "true")
                .containsEntry("num.partitions", "4")
                .containsEntry("broker.rack", "b");
    }

    @Test
    void nodesAfterTheControllersAreBrokersOnly() {
        KafkaClusterConfig config = KafkaCluster.builder().nodes(3).controllers(1).config();
        NodeLayout layout = new NodeLayout(Path.of("/data/node-3"));

        Map<String, String> broker = BrokerConfigWriter.serverProperties(config, 3, ports, layout);
        Map<String, String> controller = BrokerConfigWriter.serverProperties(config, 1, ports, layout);

        assertThat(broker).containsEntry("process.roles", "broker")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9101")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9003")
                .containsEntry("controller.listener.names", "CONTROLLER");
        assertThat(controller).containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9101");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KafkaCluster.builder().nodes(2).controllers(3).config())
                .hasMessageContaining("controllers");
    }

    @Test
    void oneNodeReplicatesInternalTopicsOnce() {
        KafkaClusterConfig config = KafkaCluster.builder().autoCreateTopics(false).kafkaVersion("3.9.1").config();

        Map<String, String> props = BrokerConfigWriter.serverProperties(config, 1, ports.subList(0, 1),
                new NodeLayout(Path.of("n")));

        assertThat(props)
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9101")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("auto.create.topics.enable", "false")
                .doesNotContainKey("share.coordinator.state.topic.replication.factor");
    }

    @Test
    void writtenPropertiesReadBackExactly(@TempDir Path dir) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("log.dirs", "C:\\kafka data\\node-1");
        props.put("key with spaces=and:colons", " leading space, ünïcödé, #hash");
        props.put("multi", "line\nvalue");
        Path file = dir.resolve("server.properties");

        BrokerConfigWriter.writeProperties(file, props);

        Properties read = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            read.load(in); // ISO-8859-1, as Kafka's own tools read it
        }
        assertThat(read).containsExactlyInAnyOrderEntriesOf(props);
    }
}
