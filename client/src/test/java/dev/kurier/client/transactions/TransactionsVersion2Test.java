package dev.kurier.client.transactions;

import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import org.junit.jupiter.api.BeforeAll;

/** The transaction contract on the shared broker, a Kafka 4 cluster with transactions version 2 (KIP-890). */
@EmbeddedKafka
class TransactionsVersion2Test extends TransactionsContract {

    private static KafkaCluster cluster;

    @BeforeAll
    static void cluster(KafkaCluster kafka) {
        cluster = kafka;
    }

    @Override
    KafkaCluster kafka() {
        return cluster;
    }

    @Override
    int expectedVersion() {
        return 2;
    }
}
