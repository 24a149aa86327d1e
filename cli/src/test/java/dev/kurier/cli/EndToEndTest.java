package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every command against the testkit's real broker, run in-process. */
@EmbeddedKafka
@Timeout(120)
class EndToEndTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private static String topic(String base) {
        return base + "-" + SEQ.incrementAndGet();
    }

    private static Cli.Result kurier(KafkaCluster kafka, String... args) {
        return kurierWithInput(kafka, "", args);
    }

    private static Cli.Result kurierWithInput(KafkaCluster kafka, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("-b", kafka.bootstrapServers()));
        all.addAll(List.of(args));
        return Cli.runWith(stdin, Map.of(), all.toArray(String[]::new));
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return r;
    }

    @Test
    void keyedLinesWithHeadersRoundTrip(KafkaCluster kafka) {
        String t = topic("keyed");
        assertThat(ok(kurier(kafka, "topics", "create", "-t", t, "--partitions", "1")).out()).isEqualTo("created topic " + t + "\n");
        String input = "k1:v1\nk2:v2:with:colons\n\n:no key\r\nk4:\nk5:ünï\n";
        ok(kurierWithInput(kafka, input, "produce", "-t", t, "-K", ":", "-H", "trace=abc", "-H", "flag", "-H", "e="));

        Cli.Result r = ok(kurier(kafka, "consume", "-t", t, "-K", ":", "--print-headers", "-o", "beginning", "-c", "5"));
        String h = "trace=abc,flag,e=\t";
        assertThat(r.out()).isEqualTo(h + "k1:v1\n" + h + "k2:v2:with:colons\n" + h + ":no key\n" + h + "k4:\n"
                + h + "k5:ünï\n");

        // the default: values only, from the beginning (kcat's default)
        assertThat(ok(kurier(kafka, "consume", "-t", t, "-c", "2")).out()).isEqualTo("v1\nv2:with:colons\n");
        // a tab delimiter given as an escape
        assertThat(ok(kurier(kafka, "consume", "-t", t, "-K", "\\t", "-o", "-1", "-c", "1")).out()).isEqualTo("k5\tünï\n");
    }

    @Test
    void groupConsumptionCommitsWhatWasPrintedAndGroupsShowsTheLag(KafkaCluster kafka) {
        String t = topic("grouped");
        ok(kurier(kafka, "topics", "create", "-t", t, "--partitions", "1"));
        ok(kurierWithInput(kafka, "a\nb\nc\nd\ne\n", "produce", "-t", t));
        String g = "cli-group-" + SEQ.incrementAndGet();
        assertThat(ok(kurier(kafka, "consume", "-t", t, "-g", g, "-c", "2")).out()).isEqualTo("a\nb\n");
        // the next member of the group continues right after what was printed
        assertThat(ok(kurier(kafka, "consume", "-t", t, "-g", g, "-c", "2")).out()).isEqualTo("c\nd\n");
        assertThat(ok(kurier(kafka, "groups", "list")).out()).contains(g + "\t");
        assertThat(ok(kurier(kafka, "groups", "describe", "-g", g)).out())
                .isEqualTo("GROUP " + g + "\tTYPE classic\tSTATE Empty\tMEMBERS 0\n"
                        + "TOPIC\tPARTITION\tCOMMITTED\tEND\tLAG\n" + t + "\t0\t4\t5\t1\n");
    }

    @Test
    void allPartitionsAreReadAndStartOffsetsWork(KafkaCluster kafka) {
        String t = topic("parts");
        ok(kurier(kafka, "topics", "create", "-t", t, "--partitions", "3", "--replication-factor", "1"));
        for (int p = 0; p < 3; p++) {
            ok(kurierWithInput(kafka, "p" + p + "-0\np" + p + "-1\np" + p + "-2\n", "produce", "-t", t, "-p",
                    String.valueOf(p)));
        }
        Cli.Result all = ok(kurier(kafka, "consume", "-t", t, "-c", "9"));
        assertThat(all.out().lines()).containsExactlyInAnyOrder("p0-0", "p0-1", "p0-2", "p1-0", "p1-1", "p1-2", "p2-0",
                "p2-1", "p2-2");
        // within a partition, lines keep their order
        assertThat(all.out().lines().filter(l -> l.startsWith("p1")).toList()).containsExactly("p1-0", "p1-1", "p1-2");

        assertThat(ok(kurier(kafka, "consume", "-t", t, "-p", "1", "-o", "1", "-c", "2")).out()).isEqualTo("p1-1\np1-2\n");
        assertThat(ok(kurier(kafka, "consume", "-t", t, "-p", "2", "-o", "-1", "--idle-timeout-ms", "1500")).out())
                .isEqualTo("p2-2\n");
        assertThat(ok(kurier(kafka, "consume", "-t", t, "-o", "end", "--idle-timeout-ms", "1000")).out()).isEmpty();

        Cli.Result noSuchPartition = kurier(kafka, "consume", "-t", t, "-p", "3");
        assertThat(noSuchPartition.exit()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(noSuchPartition.err()).isEqualTo("kurier: error: partition 3 of topic '" + t
                + "' does not exist: the topic has 3 partitions (0..2)\n");
    }

    @Test
    void idleTimeoutStopsAfterTheLastRecord(KafkaCluster kafka) {
        String t = topic("idle");
        ok(kurier(kafka, "topics", "create", "-t", t, "--partitions", "2"));
        ok(kurierWithInput(kafka, "a\nb\n", "produce", "-t", t));
        long start = System.nanoTime();
        Cli.Result r = ok(kurier(kafka, "consume", "-t", t, "--idle-timeout-ms", "1500"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.out().lines()).containsExactlyInAnyOrder("a", "b");
        assertThat(ms).isBetween(1_500L, 20_000L);
    }

    @Test
    void aLineWithoutTheKeyDelimiterIsAUsageErrorNamingIt(KafkaCluster kafka) {
        String t = topic("badline");
        ok(kurier(kafka, "topics", "create", "-t", t, "--partitions", "1"));
        Cli.Result r = kurierWithInput(kafka, "a=1\nb=2\nno delimiter here\nc=3\n", "produce", "-t", t, "-K", "=");
        assertThat(r.exit()).as(r.toString()).isEqualTo(Kurier.EXIT_USAGE);
        assertThat(r.err()).startsWith("kurier: line 3: no key delimiter '=' (with -K each line is KEY=VALUE)\n")
                .contains("Usage: kurier produce");
        // the lines before it were sent and acknowledged; nothing after it
        assertThat(ok(kurier(kafka, "consume", "-t", t, "-K", "=", "--idle-timeout-ms", "1500")).out())
                .isEqualTo("a=1\nb=2\n");
    }

    @Test
    void topicsCreateListDescribeDelete(KafkaCluster kafka) throws InterruptedException {
        String t = topic("admin");
        assertThat(ok(kurier(kafka, "topics", "create", "-t", t, "--partitions", "2", "--replication-factor", "1",
                "--config", "retention.ms=3600000", "--config", "cleanup.policy=compact")).out())
                .isEqualTo("created topic " + t + "\n");
        assertThat(ok(kurier(kafka, "topics", "list")).out().lines()).contains(t);

        List<String> lines = ok(kurier(kafka, "topics", "describe", "-t", t)).out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("Topic: " + t + "\tTopicId: [0-9a-f-]{36}\tPartitionCount: 2\tReplicationFactor: 1");
        assertThat(lines.get(1)).matches("Topic: " + t + "\tPartition: 0\tLeader: (\\d+)\tReplicas: \\1\tIsr: \\1");
        assertThat(lines.get(2)).matches("Topic: " + t + "\tPartition: 1\tLeader: (\\d+)\tReplicas: \\1\tIsr: \\1");

        Cli.Result again = kurier(kafka, "topics", "create", "-t", t);
        assertThat(again.exit()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(again.err()).startsWith("kurier: error: TOPIC_ALREADY_EXISTS").contains(t);
        assertThat(again.err().lines()).hasSize(1);

        assertThat(ok(kurier(kafka, "topics", "delete", "-t", t)).out()).isEqualTo("deleted topic " + t + "\n");
        org.awaitility.Awaitility.await("topic " + t + " gone").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ok(kurier(kafka, "topics", "list")).out().lines().noneMatch(t::equals));
        Cli.Result gone = kurier(kafka, "topics", "describe", "-t", t);
        assertThat(gone.exit()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(gone.err()).startsWith("kurier: error: topic '" + t + "' does not exist");
    }

    @Test
    void consumingAMissingTopicFailsNamingIt(KafkaCluster kafka) {
        String t = topic("missing");
        Cli.Result r = kurier(kafka, "consume", "-t", t, "-c", "1");
        assertThat(r.exit()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(r.err()).startsWith("kurier: error: topic '" + t + "' does not exist");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void badClientKeyIsNamedBeforeAnythingIsSent(KafkaCluster kafka) {
        Cli.Result r = kurierWithInput(kafka, "x\n", "-X", "acks=most", "produce", "-t", topic("badkey"));
        assertThat(r.exit()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(r.err()).startsWith("kurier: error: acks").hasLineCount(1);
    }

    @Test
    void aCancelledConsumeStopsAndExitsZero(KafkaCluster kafka) throws InterruptedException {
        String t = topic("cancel");
        ok(kurier(kafka, "topics", "create", "-t", t, "--partitions", "1"));
        Cancellation cancellation = new Cancellation();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread consumer = new Thread(() -> exit.set(Kurier.run(new String[] {"-b", kafka.bootstrapServers(), "consume",
                "-t", t}, java.io.InputStream.nullInputStream(), new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true), Map.of(), cancellation)));
        consumer.start();
        // it keeps reading: a record written while it runs is printed (a consume that ended would not print it)
        ok(Cli.runWithInput("while running\n", "-b", kafka.bootstrapServers(), "produce", "-t", t));
        org.awaitility.Awaitility.await("the record printed").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> out.toString().contains("while running"));
        assertThat(consumer.isAlive()).isTrue();
        cancellation.cancel();
        consumer.join(10_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(exit.get()).as("stderr: " + err).isZero();
    }

    @Test
    void brokerCommandServesUntilCancelled(KafkaCluster kafka) throws Exception {
        Cancellation cancellation = new Cancellation();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread broker = new Thread(() -> exit.set(Kurier.run(new String[] {"broker", "--port", "0"},
                java.io.InputStream.nullInputStream(), new java.io.PrintStream(out, true), new java.io.PrintStream(err, true),
                Map.of(), cancellation)));
        broker.start();
        org.awaitility.Awaitility.await("the broker command prints its address").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100)).until(() -> out.toString().contains("\n") || !broker.isAlive());
        String line = out.toString();
        assertThat(line).as("stderr: " + err).matches("bootstrap: 127\\.0\\.0\\.1:\\d+\n");
        String bootstrap = line.substring("bootstrap: ".length()).trim();
        assertThat(bootstrap).isNotEqualTo(kafka.bootstrapServers());

        String t = topic("own-broker");
        ok(Cli.runWithInput("", "-b", bootstrap, "topics", "create", "-t", t));
        ok(Cli.runWithInput("hello\n", "-b", bootstrap, "produce", "-t", t));
        assertThat(ok(Cli.run("-b", bootstrap, "consume", "-t", t, "-c", "1")).out()).isEqualTo("hello\n");

        cancellation.cancel();
        broker.join(60_000);
        assertThat(broker.isAlive()).isFalse();
        assertThat(exit.get()).as("stderr: " + err).isZero();
        Cli.Result after = Cli.run("-b", bootstrap, "-X", "request.timeout.ms=1000", "topics", "list");
        assertThat(after.exit()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(after.err()).contains(bootstrap);
    }
}
