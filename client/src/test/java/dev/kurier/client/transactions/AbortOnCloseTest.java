package dev.kurier.client.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.testing.Eventually;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A transactional producer closed with a transaction open aborts it, as kafka-clients does: otherwise the
 * transaction stays open on the broker until {@code transaction.timeout.ms}, and read_committed readers of its
 * partitions (and the group offsets it wrote) wait that long. Seen as a flake of ExactlyOnceProcessorTest, whose
 * processor closed its producer after a commit that timed out.
 */
@EmbeddedKafka
class AbortOnCloseTest {

    @Test
    void aTransactionLeftOpenAtCloseIsAbortedAtOnce(KafkaCluster kafka) {
        kafka.createTopic("abort-on-close", 1, 1);
        TopicPartition tp = new TopicPartition("abort-on-close", 0);
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).clientId("abort-on-close").build())) {
            Producer<String, String> producer = client.producer(ProducerConfig.builder()
                    .set("transactional.id", "abort-on-close").set("transaction.timeout.ms", "120000").build(),
                    Serdes.stringSerializer(), Serdes.stringSerializer());
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("abort-on-close", 0, null, null, "left open", List.of()));
            producer.flush(); // on the broker, in an open transaction
            producer.close(Duration.ofSeconds(10));

            try (Consumer<String, String> reader = client.consumer(ConsumerConfig.builder()
                    .set("isolation.level", "read_committed").build(), Serdes.stringDeserializer(),
                    Serdes.stringDeserializer())) {
                // the last stable offset passes the record once the transaction ends: the abort marker is written
                Eventually.waitFor(Duration.ofSeconds(20), "the transaction ended (well before its 120 s timeout)",
                        () -> reader.endOffsets(List.of(tp)).get(tp) >= 2);
                reader.assign(List.of(tp));
                reader.seekToBeginning(List.of(tp));
                Eventually.repeat(Duration.ofSeconds(20), "read to the end", () -> {
                    assertThat(reader.poll(Duration.ofMillis(100)).count()).as("the aborted record").isZero();
                    return reader.position(tp) >= 2;
                });
            }
        }
    }
}
