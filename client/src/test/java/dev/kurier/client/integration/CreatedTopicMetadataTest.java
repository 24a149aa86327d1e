package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A topic created through the admin of the same client is in the metadata cache, but the admin stopped keeping it
 * up to date once its leaders were known; a producer sending to it from the cache did not ask to keep it either, so
 * the next refresh (one a transient NOT_LEADER_OR_FOLLOWER right after creation asks for) dropped it and the batch
 * waited for a leader until delivery.timeout.ms (found by the Spring suite: 120 s, then a DeliveryTimeoutException).
 */
@EmbeddedKafka
class CreatedTopicMetadataTest {

    @Test
    void aTopicJustCreatedByTheAdminStaysKnownToAProducerThroughRefreshes() throws Exception {
        String topic = "created-then-produced-" + System.nanoTime();
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
             Producer<String, String> p = client.producer(ProducerConfig.from(Map.of("linger.ms", "500",
                     "delivery.timeout.ms", "5000", "request.timeout.ms", "2000")), Serdes.stringSerializer(),
                     Serdes.stringSerializer())) {
            client.admin().createTopics(List.of(NewTopic.of(topic, 2, 1))).all().get(30, TimeUnit.SECONDS);
            CompletableFuture<RecordMetadata> sent = p.send(ProducerRecord.of(topic, "k", "v")); // from the cache
            client.metadata().refresh().get(10, TimeUnit.SECONDS); // while the batch lingers
            assertThat(sent.get(10, TimeUnit.SECONDS).offset()).isZero();
            assertThat(client.metadata().snapshot().topic(topic)).isNotNull();
        }
    }
}
