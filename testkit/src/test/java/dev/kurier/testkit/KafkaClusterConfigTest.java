package dev.kurier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaClusterConfigTest {

    @Test
    void defaults() {
        KafkaClusterConfig config = KafkaCluster.builder().config();

        assertThat(config.nodes()).isEqualTo(1);
        assertThat(config.kafkaVersion()).isEqualTo("4.4.0");
        assertThat(config.port()).isZero();
        assertThat(config.autoCreateTopics()).isTrue();
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.persistentDataDirectory()).isEmpty();
        assertThat(config.listeners()).isEmpty();
    }

    @Test
    void isImmutable() {
        Map<String, String> props = new HashMap<>(Map.of("a", "1"));
        KafkaClusterBuilder builder = KafkaCluster.builder().brokerProperties(props).jvmOption("-Xmx1g");
        KafkaClusterConfig config = builder.config();
        props.put("b", "2");
        builder.brokerProperty("c", "3");

        assertThat(config.brokerProperties()).containsExactly(Map.entry("a", "1"));
        assertThatThrownBy(() -> config.brokerProperties().put("d", "4")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.jvmOptions().add("-X")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> KafkaCluster.builder().nodes(0).config()).hasMessageContaining("nodes");
        assertThatThrownBy(() -> KafkaCluster.builder().nodes(10).config()).hasMessageContaining("nodes");
        assertThatThrownBy(() -> KafkaCluster.builder().kafkaVersion("latest").config()).hasMessageContaining("kafkaVersion");
        assertThatThrownBy(() -> KafkaCluster.builder().port(70000).config()).hasMessageContaining("port");
        assertThatThrownBy(() -> KafkaCluster.builder().startupTimeout(Duration.ZERO).config()).hasMessageContaining("startupTimeout");
        assertThatThrownBy(() -> KafkaCluster.builder().nodeProperty(2, "broker.rack", "a").config())
                .hasMessageContaining("node 2");
        assertThatThrownBy(() -> KafkaCluster.builder().listener("plaintext", "PLAINTEXT")).hasMessageContaining("taken");
        assertThatThrownBy(() -> KafkaCluster.builder().listener("SASL", "KERBEROS")).hasMessageContaining("security protocol");
        assertThatThrownBy(() -> KafkaCluster.builder().listener("a-b", "SSL")).hasMessageContaining("Listener name");
        assertThatThrownBy(() -> KafkaCluster.builder().listener("x", "SSL").listener("X", "SASL_SSL").config())
                .hasMessageContaining("twice");
    }

    @Test
    void listenerNamesAreNormalised() {
        BrokerListener listener = new BrokerListener("sasl_external", "sasl_plaintext");

        assertThat(listener.name()).isEqualTo("SASL_EXTERNAL");
        assertThat(listener.securityProtocol()).isEqualTo("SASL_PLAINTEXT");
    }

    @Test
    void nodesAreNumberedFromOne() {
        KafkaCluster cluster = KafkaCluster.builder().nodes(3).build();

        assertThat(cluster.nodes()).extracting(KafkaNode::id).containsExactly(1, 2, 3);
        assertThat(cluster.node(3).id()).isEqualTo(3);
        assertThatThrownBy(() -> cluster.node(0)).hasMessageContaining("1..3");
        assertThatThrownBy(() -> cluster.node(1).port()).isInstanceOf(IllegalStateException.class);
        cluster.close();
    }
}
