package dev.kurier.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Producers, consumers and their groups share the client's event loops: a closed consumer leaves nothing behind in
 * the client (a container restarting its consumers must not leak), and a group member opens no event loop of its own.
 */
@EmbeddedKafka
class DedicatedClientsTest {

    /** The event loop groups of this client id: Netty names their threads kurier-io-CLIENT-POOL-THREAD. */
    private static long eventLoopGroups() {
        String prefix = "kurier-io-dedicated-test-";
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith(prefix))
                .map(n -> n.substring(prefix.length()).split("-")[0]).distinct().count();
    }

    @Test
    void closedConsumersLeaveNoDedicatedClientBehind(KafkaCluster kafka) {
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .build())) {
            int before = client.network().dedicatedClients();
            for (int i = 0; i < 30; i++) {
                client.consumer(ConsumerConfig.defaults(), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())
                        .close();
            }
            assertThat(client.network().dedicatedClients()).isEqualTo(before);
        }
    }

    @Test
    void aGroupMemberUsesTheClientsEventLoops(KafkaCluster kafka) {
        kafka.createTopic("dedicated-group", 1, 1);
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .clientId("dedicated-test").build())) {
            client.admin().describeCluster().join(); // the client's own loops are up
            assertThat(eventLoopGroups()).isEqualTo(1);
            try (Consumer<byte[], byte[]> member = client.consumer(ConsumerConfig.builder().groupId("dedicated-group")
                    .build(), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
                member.subscribe(List.of("dedicated-group"));
                Eventually.repeat(Duration.ofSeconds(30), "!(member.assignment().isEmpty())", () -> {
                    member.poll(Duration.ofMillis(100));
                    return !(member.assignment().isEmpty());
                });
                assertThat(member.assignment()).isNotEmpty();
                assertThat(eventLoopGroups()).as("no event loop group of the group's own").isEqualTo(1);
            }
            assertThat(client.network().dedicatedClients()).isZero();
        }
    }
}
