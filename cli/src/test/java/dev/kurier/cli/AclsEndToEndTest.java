package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code kurier acls} against a broker with Kafka's StandardAuthorizer (the CLI connects as the super user). */
@Timeout(120)
class AclsEndToEndTest {

    static KafkaCluster kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaCluster.builder()
                .brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .brokerProperty("super.users", "User:ANONYMOUS").start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Cli.Result kurier(String... args) {
        List<String> all = new ArrayList<>(List.of("-b", kafka.bootstrapServers()));
        all.addAll(List.of(args));
        return Cli.runWith("", Map.of(), all.toArray(String[]::new));
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return r;
    }

    @Test
    void aclsAreAddedListedAndRemoved() {
        String header = "PRINCIPAL\tHOST\tPERMISSION\tOPERATION\tRESOURCE\tPATTERN\tNAME\n";
        assertThat(ok(kurier("acls", "add", "--principal", "User:alice", "-t", "orders", "--operation", "read")).out())
                .isEqualTo(header + "User:alice\t*\tALLOW\tREAD\tTOPIC\tLITERAL\torders\n");
        ok(kurier("acls", "add", "--principal", "User:alice", "-g", "billing-", "--prefixed", "--operation", "read"));
        ok(kurier("acls", "add", "--principal", "User:mallory", "-t", "orders", "--operation", "write", "--deny"));
        String expected = header + "User:alice\t*\tALLOW\tREAD\tGROUP\tPREFIXED\tbilling-\n"
                + "User:alice\t*\tALLOW\tREAD\tTOPIC\tLITERAL\torders\n";
        Awaitility.await("the new ACLs listed").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(ok(kurier("acls", "list", "--principal", "User:alice")).out()).isEqualTo(expected));
        assertThat(ok(kurier("acls", "list", "-t", "orders")).out()).contains("User:mallory\t*\tDENY\tWRITE");
        assertThat(ok(kurier("acls", "remove", "--principal", "User:mallory")).out())
                .isEqualTo(header + "User:mallory\t*\tDENY\tWRITE\tTOPIC\tLITERAL\torders\n");

        Cli.Result noSelector = kurier("acls", "remove");
        assertThat(noSelector.exit()).isEqualTo(Kurier.EXIT_USAGE);
        assertThat(noSelector.err()).contains("needs --principal or a resource");
        Cli.Result badOp = kurier("acls", "add", "--principal", "User:a", "-t", "x", "--operation", "fly");
        assertThat(badOp.exit()).isEqualTo(Kurier.EXIT_USAGE);
        assertThat(badOp.err()).contains("'fly'");
    }
}
