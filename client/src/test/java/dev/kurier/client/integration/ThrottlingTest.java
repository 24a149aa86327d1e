package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.ClientQuotaEntity;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A broker quota's {@code throttle_time_ms} is honoured (KIP-219): the connection holds its requests back for the time
 * asked, counted in {@code NetworkClient#throttling()}, and every record still lands (issue 18, throttling).
 */
@EmbeddedKafka
class ThrottlingTest {

    @Test
    void aProducerOverItsQuotaWaitsOutTheThrottleAndLosesNothing(KafkaCluster kafka) {
        kafka.createTopic("throttled", 1, 1);
        try (KurierClient admin = RoundTripTest.client(kafka)) {
            admin.admin().alterClientQuotas(Map.of(ClientQuotaEntity.clientId("throttled-producer"),
                    Map.of("producer_byte_rate", 400_000.0))).all().join();
        }
        try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .clientId("throttled-producer").build());
             Producer<byte[], byte[]> p = client.producer(ProducerConfig.defaults(), Serdes.bytesSerializer(),
                     Serdes.bytesSerializer())) {
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            byte[] value = new byte[1000];
            // The quota reaches the broker's request handling shortly after the admin call: send until it bites.
            Eventually.waitFor(Duration.ofSeconds(60), "a throttled response", () -> {
                for (int i = 0; i < 500; i++) {
                    sent.add(p.send(ProducerRecord.of("throttled", value)));
                }
                p.flush();
                return client.network().throttling().throttledResponses() > 0;
            });
            for (int i = 0; i < 1_000; i++) {
                sent.add(p.send(ProducerRecord.of("throttled", value))); // more while throttled
            }
            p.flush();
            for (int i = 0; i < sent.size(); i++) {
                assertThat(sent.get(i).join().offset()).isEqualTo(i);
            }
            assertThat(client.network().throttling().throttledResponses()).as("responses asking for a throttle")
                    .isPositive();
            assertThat(client.network().throttling().throttleMillis()).isPositive();
        }
    }
}
