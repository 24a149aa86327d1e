package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.testkit.KafkaCluster;
import dev.kurier.testkit.junit.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** perf produce and perf consume against the testkit's real broker, and produce's producer options. */
@EmbeddedKafka
@Timeout(180)
class PerfEndToEndTest {

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

    private static String lastLine(Cli.Result r) {
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as(r.toString()).isNotEmpty();
        return lines.get(lines.size() - 1);
    }

    @Test
    void perfProduceThenPerfConsumeWithAndWithoutAGroup(KafkaCluster kafka) {
        String t = "perf-e2e";
        kafka.createTopic(t, 3, 1);
        Cli.Result produced = ok(kurier(kafka, "", "perf", "produce", "-t", t, "-n", "3000", "-s", "100", "--acks", "1",
                "--linger-ms", "5", "--batch-size", "65536", "-z", "lz4", "--print-metrics"));
        List<String> lines = produced.out().lines().toList();
        assertThat(lastLine(produced)).matches(PerfParsingTest.PRODUCE_TOTAL).startsWith("3000 records sent, ");
        // the producer's counters come just before the summary; any line before them is a progress line
        assertThat(lines.get(lines.size() - 2)).matches("producer metrics: [1-9]\\d* requests, [1-9]\\d* batches, "
                + "[\\d.]+ records/request, [\\d.]+ batches/request, \\d+ bytes/batch, [\\d.]+ ms avg request latency, "
                + "0 retries, 0 record errors, \\d+ paced waits \\(\\d+ ms\\)");
        lines.subList(0, lines.size() - 2).forEach(l -> assertThat(l).matches(PerfParsingTest.PRODUCE_WINDOW));

        Cli.Result throttled = ok(kurier(kafka, "", "perf", "produce", "-t", t, "-n", "2000", "-s", "50", "--acks", "all",
                "--idempotence", "true", "-z", "zstd", "--throughput", "2000"));
        assertThat(lastLine(throttled)).matches(PerfParsingTest.PRODUCE_TOTAL).startsWith("2000 records sent, ");
        double rate = Double.parseDouble(lastLine(throttled).split(" ")[3]);
        assertThat(rate).as("about 2000 records/s, never much faster").isLessThan(2600);

        Cli.Result consumed = ok(kurier(kafka, "", "perf", "consume", "-t", t, "-n", "5000"));
        assertThat(lastLine(consumed)).matches(PerfParsingTest.CONSUME_TOTAL).startsWith("5000 records, ");
        assertThat(consumed.out().lines()).hasSize(1);

        Cli.Result grouped = ok(kurier(kafka, "", "perf", "consume", "-t", t, "-n", "4000", "-g", "perf-e2e-group"));
        assertThat(lastLine(grouped)).matches(PerfParsingTest.CONSUME_TOTAL).startsWith("4000 records, ");

        // more than there is: the summary still comes, then an error naming the timeout
        Cli.Result short_ = kurier(kafka, "", "perf", "consume", "-t", t, "-n", "5001", "--timeout-ms", "1500");
        assertThat(short_.exit()).as(short_.toString()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(lastLine(short_)).matches(PerfParsingTest.CONSUME_TOTAL).startsWith("5000 records, ");
        assertThat(short_.err()).isEqualTo("kurier: error: only 5000 of 5001 records of topic '" + t
                + "' arrived: none for 1500 ms (--timeout-ms)\n");
    }

    @Test
    void produceTakesTheProducerOptions(KafkaCluster kafka) {
        String t = "perf-e2e-produce";
        kafka.createTopic(t, 1, 1);
        ok(kurier(kafka, "a\nb\nc\n", "produce", "-t", t, "-z", "gzip", "--acks", "1", "--linger-ms", "0",
                "--batch-size", "1024", "--idempotence", "false"));
        assertThat(ok(kurier(kafka, "", "consume", "-t", t, "-c", "3")).out()).isEqualTo("a\nb\nc\n");
        // the options reach the producer config: idempotence asked for with acks=1 is refused by the client
        Cli.Result r = kurier(kafka, "d\n", "produce", "-t", t, "--acks", "1", "--idempotence", "true");
        assertThat(r.exit()).as(r.toString()).isEqualTo(Kurier.EXIT_ERROR);
        assertThat(r.err()).startsWith("kurier: error: enable.idempotence").contains("acks=1").hasLineCount(1);
        // and they win over -X
        ok(kurier(kafka, "e\n", "-X", "acks=1", "-X", "enable.idempotence=true", "produce", "-t", t, "--acks", "all"));
        assertThat(ok(kurier(kafka, "", "consume", "-t", t, "-o", "-1", "-c", "1")).out()).isEqualTo("e\n");
    }
}
