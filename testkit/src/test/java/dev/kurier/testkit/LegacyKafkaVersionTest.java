package dev.kurier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka 3.9 runs from the same launcher (compiled against 4.1); this is also where an extra
 * listener is checked. The first run downloads the 3.9.1 jars from Maven Central.
 */
class LegacyKafkaVersionTest {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyKafkaVersionTest.class);

    @Test
    void kafka39StartsAndServesTopicCommands() throws IOException {
        long begin = System.nanoTime();
        try (KafkaCluster cluster = KafkaCluster.builder()
                .kafkaVersion("3.9.1")
                .listener("external", "PLAINTEXT")
                .build()
                .start()) {
            LOG.info("Kafka 3.9.1 single node started in {} ms", (System.nanoTime() - begin) / 1_000_000);

            KafkaNode node = cluster.node(1);
            assertThat(Files.readString(node.logFile())).contains("Kafka version: 3.9.1");
            cluster.createTopic("legacy", 2, 1);
            assertThat(cluster.topicNames()).contains("legacy");
            assertThat(cluster.describeTopic("legacy").partitions())
                    .allSatisfy(p -> assertThat(p.leader()).isEqualTo(1));

            int external = node.listenerPort("EXTERNAL");
            assertThat(external).isNotEqualTo(node.port());
            assertThat(cluster.bootstrapServers("external")).isEqualTo("127.0.0.1:" + external);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", external), 2_000);
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }
}
