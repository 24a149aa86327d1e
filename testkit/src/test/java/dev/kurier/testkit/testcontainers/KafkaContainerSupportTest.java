package dev.kurier.testkit.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import org.junit.jupiter.api.Test;
import org.testcontainers.kafka.KafkaContainer;

/** The Testcontainers path itself; runs only where Docker is (skipped on this machine and most CI). */
@EnabledIfDockerAvailable
class KafkaContainerSupportTest {

    @Test
    void startsTheApacheKafkaImage() throws Exception {
        assertThat(KafkaContainerSupport.defaultImage()).startsWith("apache/kafka:4.");
        try (KafkaContainer kafka = KafkaContainerSupport.startKafka()) {
            URI address = URI.create("kafka://" + kafka.getBootstrapServers().replaceFirst("^[A-Z_]+://", ""));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.getHost(), address.getPort()), 5_000);
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }
}
