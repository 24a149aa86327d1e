package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code kurier produce --transactional-id} and {@code kurier consume --isolation} against a real broker. */
@EmbeddedKafka
@Timeout(120)
class TransactionsEndToEndTest {

    private static Cli.Result kurier(KafkaCluster kafka, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("-b", kafka.bootstrapServers()));
        all.addAll(List.of(args));
        Cli.Result r = Cli.runWith(stdin, Map.of(), all.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return r;
    }

    @Test
    void committedTransactionsAreReadCommittedAndAbortedOnesOnlyUncommitted(KafkaCluster kafka) {
        kafka.createTopic("cli-txn", 1, 1);
        kurier(kafka, "a\nb\nc\nd\ne\n", "produce", "-t", "cli-txn", "--transactional-id", "cli-txn-1", "--txn-size", "2");
        kurier(kafka, "x\ny\n", "produce", "-t", "cli-txn", "--transactional-id", "cli-txn-1", "--abort");
        kurier(kafka, "f\n", "produce", "-t", "cli-txn", "--transactional-id", "cli-txn-1");

        assertThat(kurier(kafka, "", "consume", "-t", "cli-txn", "--isolation", "read_committed",
                "--idle-timeout-ms", "1500").out()).isEqualTo("a\nb\nc\nd\ne\nf\n");
        assertThat(kurier(kafka, "", "consume", "-t", "cli-txn", "--isolation", "read_uncommitted", "-c", "8").out())
                .isEqualTo("a\nb\nc\nd\ne\nx\ny\nf\n");
    }

    @Test
    void aTransactionWithAFailedRecordIsAbortedAndTheCommandFails(KafkaCluster kafka) {
        kafka.createTopic("cli-txn-small", 1, 1, Map.of("max.message.bytes", "1024"));
        String big = "z".repeat(5_000);
        Cli.Result r = Cli.runWith("ok\n" + big + "\n", Map.of(), "-b", kafka.bootstrapServers(), "produce", "-t",
                "cli-txn-small", "--transactional-id", "cli-txn-2");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("MESSAGE_TOO_LARGE").contains("cli-txn-small-0");
        assertThat(kurier(kafka, "", "consume", "-t", "cli-txn-small", "--isolation", "read_committed",
                "--idle-timeout-ms", "1500").out()).isEmpty();
    }

    @Test
    void transactionOptionsNeedATransactionalId() {
        Cli.Result r = Cli.runWith("", Map.of(), "produce", "-t", "t", "--txn-size", "5");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--txn-size needs --transactional-id");
        r = Cli.runWith("", Map.of(), "consume", "-t", "t", "--isolation", "serializable");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--isolation").contains("read_committed");
    }
}
