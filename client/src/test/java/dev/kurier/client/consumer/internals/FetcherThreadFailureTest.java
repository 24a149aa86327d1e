package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fetcher thread that hits an unexpected error carries on (its brokers' partitions keep coming), and one that
 * cannot run any more makes {@code poll} fail with the cause instead of returning nothing for ever.
 */
@EmbeddedKafka
class FetcherThreadFailureTest {

    private static KurierConsumer<String, String> consumer(KurierClient client, String topic) {
        Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                .set("fetch.max.wait.ms", "100").build(), Serdes.stringDeserializer(), Serdes.stringDeserializer());
        c.assign(List.of(new TopicPartition(topic, 0)));
        return (KurierConsumer<String, String>) c;
    }

    private static KurierClient client(KafkaCluster kafka, String topic, int records) {
        kafka.createTopic(topic, 1, 1);
        KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .set("retry.backoff.ms", "10").build());
        try (Producer<String, String> p = client.producer(ProducerConfig.defaults(), Serdes.stringSerializer(),
                Serdes.stringSerializer())) {
            for (int i = 0; i < records; i++) {
                p.send(ProducerRecord.of(topic, "k", "v" + i));
            }
            p.flush();
        }
        return client;
    }

    @Test
    void aFetcherThreadThatHitsUnexpectedErrorsCarriesOn(KafkaCluster kafka) {
        try (KurierClient client = client(kafka, "fetcher-carries-on", 100);
             KurierConsumer<String, String> c = consumer(client, "fetcher-carries-on")) {
            c.fetcher().injectedFaults.set(FetcherThread.MAX_CONSECUTIVE_FAILURES - 1);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            Eventually.repeat(Duration.ofSeconds(30), "got.size() >= 100", () -> {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= 100;
            });
            assertThat(c.fetcher().injectedFaults.get()).as("every injected fault was hit").isLessThanOrEqualTo(0);
            assertThat(got).hasSize(100);
            assertThat(got.get(99).value()).isEqualTo("v99");
        }
    }

    @Test
    void aFetcherThreadThatCannotRunMakesPollFailWithTheCause(KafkaCluster kafka) {
        try (KurierClient client = client(kafka, "fetcher-gives-up", 1);
             KurierConsumer<String, String> c = consumer(client, "fetcher-gives-up")) {
            c.fetcher().injectedFaults.set(Integer.MAX_VALUE);
            assertThat(dev.kurier.client.testing.Eventually.untilThrown(Duration.ofSeconds(30), "poll failing",
                    () -> c.poll(Duration.ofMillis(200)))).isInstanceOf(KurierException.class).hasMessageContaining("fetcher thread stopped")
                    .hasMessageContaining("injected fault");
        }
    }
}
