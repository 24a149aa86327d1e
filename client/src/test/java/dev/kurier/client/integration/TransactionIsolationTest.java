package dev.kurier.client.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Under read_committed, records of aborted transactions are skipped; read_uncommitted shows them. */
@EmbeddedKafka
class TransactionIsolationTest {

    @Test
    void abortedTransactionsAreHiddenUnderReadCommitted(KafkaCluster kafka) throws Exception {
        kafka.createTopic("txn", 1, 1);
        Properties tx = new Properties();
        tx.put("bootstrap.servers", kafka.bootstrapServers());
        tx.put("transactional.id", "kurier-txn-test");
        Properties plain = new Properties();
        plain.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, String> t = new KafkaProducer<>(tx, new StringSerializer(), new StringSerializer());
             KafkaProducer<String, String> p = new KafkaProducer<>(plain, new StringSerializer(), new StringSerializer())) {
            t.initTransactions();
            t.beginTransaction();
            t.send(new ProducerRecord<>("txn", "committed-1"));
            t.send(new ProducerRecord<>("txn", "committed-2"));
            t.commitTransaction();
            t.beginTransaction();
            t.send(new ProducerRecord<>("txn", "aborted-1"));
            p.send(new ProducerRecord<>("txn", "plain-1")).get(); // interleaved with the open transaction
            t.send(new ProducerRecord<>("txn", "aborted-2"));
            t.flush();
            t.abortTransaction();
            t.beginTransaction();
            t.send(new ProducerRecord<>("txn", "committed-3"));
            t.commitTransaction();
        }
        try (KurierClient client = RoundTripTest.client(kafka)) {
            assertThat(values(client, "read_committed", 4))
                    .containsExactly("committed-1", "committed-2", "plain-1", "committed-3");
            // read_uncommitted sees the aborted records too (where plain-1 falls among them depends on batching)
            assertThat(values(client, "read_uncommitted", 6)).containsExactlyInAnyOrder("committed-1", "committed-2",
                    "aborted-1", "plain-1", "aborted-2", "committed-3");
        }
    }

    private static List<String> values(KurierClient client, String isolation, int expected) {
        try (Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                .set("isolation.level", isolation).build(), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
            TopicPartition tp = new TopicPartition("txn", 0);
            c.assign(List.of(tp));
            List<ConsumerRecord<String, String>> got = RoundTripTest.readAll(c, expected, Duration.ofSeconds(20));
            // nothing more: the consumer reads on until its position is the partition's end (the last stable offset
            // under read_committed), collecting anything past the expected ones
            long end = c.endOffsets(List.of(tp)).get(tp);
            dev.kurier.client.testing.Eventually.repeat(Duration.ofSeconds(20), "read to the end offset " + end, () -> {
                c.poll(Duration.ofMillis(100)).forEach(got::add);
                return c.position(tp) >= end;
            });
            return got.stream().map(ConsumerRecord::value).toList();
        }
    }
}
