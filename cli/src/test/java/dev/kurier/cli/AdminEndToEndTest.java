package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin commands (topics alter, configs, records, groups delete and reset-offsets, cluster) on a real broker. */
@EmbeddedKafka
@Timeout(120)
class AdminEndToEndTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private static String name(String base) {
        return base + "-" + SEQ.incrementAndGet();
    }

    private static Cli.Result kurier(KafkaCluster kafka, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("-b", kafka.bootstrapServers()));
        all.addAll(List.of(args));
        return Cli.runWith(stdin, Map.of(), all.toArray(String[]::new));
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return r;
    }

    private static Cli.Result error(Cli.Result r) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(r.err().lines()).as(r.toString()).hasSize(1);
        return r;
    }

    @Test
    void topicsGrowAndConfigsAreDescribedAndAltered(KafkaCluster kafka) {
        String t = name("cfg");
        ok(kurier(kafka, "", "topics", "create", "-t", t, "--partitions", "1"));
        assertThat(ok(kurier(kafka, "", "topics", "alter", "-t", t, "--partitions", "3")).out())
                .isEqualTo("topic " + t + " now has 3 partitions\n");
        assertThat(ok(kurier(kafka, "", "topics", "describe", "-t", t)).out()).contains("PartitionCount: 3");
        assertThat(error(kurier(kafka, "", "topics", "alter", "-t", t, "--partitions", "2")).err())
                .contains("INVALID_PARTITIONS").contains(t);

        assertThat(ok(kurier(kafka, "", "configs", "describe", "-t", t)).out()).isEmpty();
        assertThat(ok(kurier(kafka, "", "configs", "alter", "-t", t, "--set", "retention.ms=3600000",
                "--set", "cleanup.policy=compact")).out()).isEqualTo("altered configs of topic '" + t + "'\n");
        assertThat(ok(kurier(kafka, "", "configs", "describe", "-t", t)).out())
                .isEqualTo("cleanup.policy=compact\tDYNAMIC_TOPIC_CONFIG\nretention.ms=3600000\tDYNAMIC_TOPIC_CONFIG\n");
        ok(kurier(kafka, "", "configs", "alter", "-t", t, "--delete", "retention.ms"));
        assertThat(ok(kurier(kafka, "", "configs", "describe", "-t", t)).out())
                .isEqualTo("cleanup.policy=compact\tDYNAMIC_TOPIC_CONFIG\n");
        assertThat(ok(kurier(kafka, "", "configs", "describe", "-t", t, "--all")).out())
                .contains("retention.ms=604800000\tDEFAULT_CONFIG");
        assertThat(error(kurier(kafka, "", "configs", "alter", "-t", t, "--set", "retention.ms=soon")).err())
                .contains("INVALID_CONFIG").contains(t);
        Cli.Result both = kurier(kafka, "", "configs", "describe", "-t", t, "--broker", "1");
        assertThat(both.exit()).isEqualTo(Kurier.EXIT_USAGE);
        assertThat(ok(kurier(kafka, "", "cluster", "describe")).out())
                .matches("(?s)ClusterId: \\S+\tController: -?\\d+\nBroker: \\d+\t127\\.0\\.0\\.1:\\d+\n");
    }

    @Test
    void recordsAreDeletedBeforeAnOffset(KafkaCluster kafka) {
        String t = name("del");
        ok(kurier(kafka, "", "topics", "create", "-t", t, "--partitions", "1"));
        ok(kurier(kafka, "a\nb\nc\nd\ne\n", "produce", "-t", t));
        assertThat(ok(kurier(kafka, "", "records", "delete", "-t", t, "--before-offset", "3")).out())
                .isEqualTo("TOPIC\tPARTITION\tLOW_WATERMARK\n" + t + "\t0\t3\n");
        assertThat(ok(kurier(kafka, "", "consume", "-t", t, "-o", "beginning", "-c", "2")).out()).isEqualTo("d\ne\n");
        assertThat(error(kurier(kafka, "", "records", "delete", "-t", t, "-p", "0", "--before-offset", "99")).err())
                .contains("OFFSET_OUT_OF_RANGE").contains(t + "-0");
    }

    @Test
    void aConsumerProtocolGroupIsJoinedWithDashXAndDescribedWithItsType(KafkaCluster kafka) {
        String t = name("kip848");
        String g = name("kip848-group");
        ok(kurier(kafka, "", "topics", "create", "-t", t, "--partitions", "2"));
        ok(kurier(kafka, "a\nb\nc\nd\n", "produce", "-t", t));
        assertThat(ok(kurier(kafka, "", "consume", "-t", t, "-g", g, "-X", "group.protocol=consumer", "-c", "4")).out()
                .split("\n")).containsExactlyInAnyOrder("a", "b", "c", "d");
        String described = ok(kurier(kafka, "", "groups", "describe", "-g", g)).out();
        assertThat(described).startsWith("GROUP " + g + "\tTYPE consumer\t").contains("LAG");
        assertThat(ok(kurier(kafka, "", "groups", "list")).out()).contains(g + "\t").contains("\tconsumer\n");
    }

    @Test
    void aShareGroupReaderAcceptsWhatItPrintsAndReleasedRecordsComeAgain(KafkaCluster kafka) {
        String t = name("share");
        String g = name("share-group");
        ok(kurier(kafka, "", "topics", "create", "-t", t, "--partitions", "1"));
        ok(kurier(kafka, "a\nb\nc\n", "produce", "-t", t));
        try (dev.kurier.client.KurierClient client = dev.kurier.client.KurierClient.create(
                dev.kurier.client.ClientConfig.builder().bootstrapServers(kafka.bootstrapServers()).build());
             dev.kurier.client.admin.Admin admin = client.admin()) {
            // share groups start at the end by default; this one reads what was written before it
            admin.incrementalAlterConfigs(Map.of(new dev.kurier.client.admin.ConfigResource(
                    dev.kurier.client.admin.ConfigResource.Type.GROUP, g), List.of(
                    dev.kurier.client.admin.AlterConfigOp.set("share.auto.offset.reset", "earliest")))).all().join();
        }
        assertThat(ok(kurier(kafka, "", "consume", "-t", t, "--share-group", g, "--release", "-c", "3")).out()
                .split("\n")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ok(kurier(kafka, "", "consume", "-t", t, "--share-group", g, "-c", "3")).out().split("\n"))
                .as("released, so delivered again").containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ok(kurier(kafka, "", "consume", "-t", t, "--share-group", g, "--idle-timeout-ms", "3000")).out())
                .as("accepted: never again").isEmpty();
        String described = ok(kurier(kafka, "", "groups", "describe", "-g", g)).out();
        assertThat(described).contains("TYPE share").contains("ASSIGNOR simple")
                .contains("TOPIC\tPARTITION\tSTART\tEND\tLAG").containsPattern(t + "\t0\t[0-3]\t3\t[0-3]\n");
        // the broker persists the start offset lazily: what describe shows may trail the acknowledgements
        assertThat(ok(kurier(kafka, "", "groups", "reset-offsets", "-g", g, "-t", t, "--to-offset", "1", "--execute"))
                .out()).containsPattern(t + "\t0\t[0-3]\t1\n");
        assertThat(ok(kurier(kafka, "", "consume", "-t", t, "--share-group", g, "-c", "2")).out().split("\n"))
                .as("the share group starts again at offset 1").containsExactlyInAnyOrder("b", "c");
        Cli.Result misuse = kurier(kafka, "", "consume", "-t", t, "--share-group", g, "-g", "x");
        assertThat(misuse.exit()).isEqualTo(Kurier.EXIT_USAGE);
        assertThat(misuse.err()).contains("--share-group");
    }

    @Test
    void groupOffsetsAreResetOnlyWithExecuteAndGroupsAreDeleted(KafkaCluster kafka) {
        String t = name("reset");
        String g = name("reset-group");
        ok(kurier(kafka, "", "topics", "create", "-t", t, "--partitions", "1"));
        ok(kurier(kafka, "a\nb\nc\nd\ne\n", "produce", "-t", t));
        ok(kurier(kafka, "", "consume", "-t", t, "-g", g, "-c", "4"));

        String plan = "TOPIC\tPARTITION\tOLD\tNEW\n" + t + "\t0\t4\t1\n";
        assertThat(ok(kurier(kafka, "", "groups", "reset-offsets", "-g", g, "-t", t, "--to-offset", "1")).out())
                .isEqualTo(plan + "dry run: nothing changed; add --execute to apply\n");
        assertThat(ok(kurier(kafka, "", "groups", "describe", "-g", g)).out()).contains(t + "\t0\t4\t5\t1");
        assertThat(ok(kurier(kafka, "", "groups", "reset-offsets", "-g", g, "-t", t, "--to-offset", "1", "--execute"))
                .out()).isEqualTo(plan + "reset 1 offset(s) of group " + g + "\n");
        assertThat(ok(kurier(kafka, "", "groups", "describe", "-g", g)).out()).contains(t + "\t0\t1\t5\t4");
        assertThat(ok(kurier(kafka, "", "groups", "reset-offsets", "-g", g, "-t", t, "--shift-by", "-9", "--execute"))
                .out()).startsWith("TOPIC\tPARTITION\tOLD\tNEW\n" + t + "\t0\t1\t0\n");
        assertThat(ok(kurier(kafka, "", "groups", "reset-offsets", "-g", g, "-t", t, "--to-latest")).out())
                .startsWith("TOPIC\tPARTITION\tOLD\tNEW\n" + t + "\t0\t0\t5\n");
        assertThat(ok(kurier(kafka, "", "groups", "reset-offsets", "-g", g, "-t", t, "--to-datetime",
                "2000-01-01T00:00:00Z")).out()).startsWith("TOPIC\tPARTITION\tOLD\tNEW\n" + t + "\t0\t0\t0\n");
        Cli.Result twoTargets = kurier(kafka, "", "groups", "reset-offsets", "-g", g, "-t", t, "--to-earliest",
                "--to-latest");
        assertThat(twoTargets.exit()).isEqualTo(Kurier.EXIT_USAGE);
        assertThat(twoTargets.err()).contains("exactly one of");

        assertThat(ok(kurier(kafka, "", "groups", "delete", "-g", g)).out()).isEqualTo("deleted group " + g + "\n");
        assertThat(error(kurier(kafka, "", "groups", "delete", "-g", g)).err()).contains("GROUP_ID_NOT_FOUND")
                .contains(g);
    }

    @Test
    void aclsOnABrokerWithoutAnAuthorizerAreATypedError(KafkaCluster kafka) {
        Cli.Result r = error(kurier(kafka, "", "acls", "list"));
        assertThat(r.err()).contains("SECURITY_DISABLED");
    }
}
