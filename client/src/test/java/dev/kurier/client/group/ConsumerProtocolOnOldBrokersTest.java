package dev.kurier.client.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code group.protocol=consumer} on a Kafka 3.x broker (the compat-3.9 run; skipped on 4.x): poll fails with an
 * error naming the key to change, instead of waiting for a group that never forms.
 */
@EmbeddedKafka
class ConsumerProtocolOnOldBrokersTest {

    @Test
    void aBrokerWithoutTheConsumerProtocolIsNamedWithTheKeyToChange(KafkaCluster kafka) {
        assumeTrue(kafka.config().kafkaVersion().startsWith("3."), "the broker speaks KIP-848");
        kafka.createTopic("kip848-old", 1, 1);
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).clientId("kip848-old").build());
             Consumer<String, String> c = client.consumer(ConsumerConfig.builder().groupId("kip848-old")
                     .set("group.protocol", "consumer").build(), Serdes.stringDeserializer(),
                     Serdes.stringDeserializer())) {
            c.subscribe(List.of("kip848-old"));
            assertThat(dev.kurier.client.testing.Eventually.untilThrown(Duration.ofSeconds(20), "poll refused",
                    () -> c.poll(Duration.ofMillis(200)))).isInstanceOf(KurierException.class).hasMessageContaining("group.protocol=classic");
        }
    }
}
