package dev.kurier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import dev.kurier.testkit.internal.BrokerStartException;
import dev.kurier.testkit.internal.FreePorts;
import org.junit.jupiter.api.Test;

/** A broker that cannot start fails fast with the reason and its log, and leaves nothing behind. */
class StartupFailureTest {

    @Test
    void invalidBrokerConfigFailsWithTheBrokersReason() {
        KafkaCluster cluster = KafkaCluster.builder().brokerProperty("num.io.threads", "zero").build();

        assertThatThrownBy(cluster::start)
                .isInstanceOf(KafkaTestkitException.class)
                .hasMessageContaining("Node 1 failed to start")
                .hasMessageContaining("num.io.threads")
                .hasMessageContaining("--- tail of");
        assertThat(cluster.isStarted()).isFalse();
        assertThat(cluster.node(1).isRunning()).isFalse();
    }

    @Test
    void aBrokerThatIsNotReadyInTimeIsKilled() {
        KafkaCluster cluster = KafkaCluster.builder().startupTimeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(cluster::start)
                .isInstanceOf(KafkaTestkitException.class)
                .hasMessageContaining("Node 1 was not ready within 300 ms");
        assertThat(cluster.node(1).isRunning()).isFalse();
        assertThat(cluster.node(1).pid()).isEqualTo(-1);
    }

    @Test
    void aPortTakenWhileStartingIsRecognisedAndRetried() throws IOException {
        // Force the broker onto a taken port through its own properties: every retry fails the same
        // way, so the final error shows that the conflict was recognised (and retried).
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The controller listener binds first: the quickest way to meet the conflict.
            int client = FreePorts.pick(1).get(0);
            KafkaCluster cluster = KafkaCluster.builder()
                    .brokerProperty("controller.quorum.voters", "1@127.0.0.1:" + taken.getLocalPort())
                    .brokerProperty("listeners", "PLAINTEXT://127.0.0.1:" + client
                            + ",CONTROLLER://127.0.0.1:" + taken.getLocalPort())
                    .brokerProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + client)
                    .build();

            assertThatThrownBy(cluster::start)
                    .isInstanceOfSatisfying(BrokerStartException.class, e -> assertThat(e.bindConflict()).as(e.getMessage()).isTrue())
                    .hasMessageContaining("Address already in use");
            assertThat(cluster.node(1).isRunning()).isFalse();
        }
    }

    @Test
    void aTakenFixedPortIsReportedBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            KafkaCluster cluster = KafkaCluster.builder().port(taken.getLocalPort()).build();

            assertThatThrownBy(cluster::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
        }
    }
}
