package dev.kurier.client.transactions;

import dev.kurier.testkit.KafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The transaction contract on a cluster formatted with {@code transaction.version=1}, as a 3.x cluster or a 4.x
 * cluster not yet upgraded runs: partitions and groups join the transaction with AddPartitionsToTxn and
 * AddOffsetsToTxn, and Produce, EndTxn and TxnOffsetCommit stay below the versions that mean version 2.
 */
class TransactionsVersion1Test extends TransactionsContract {

    private static KafkaCluster cluster;

    @BeforeAll
    static void start() {
        cluster = KafkaCluster.builder().nodes(1).feature("transaction.version", 1).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    KafkaCluster kafka() {
        return cluster;
    }

    @Override
    int expectedVersion() {
        return 1;
    }
}
