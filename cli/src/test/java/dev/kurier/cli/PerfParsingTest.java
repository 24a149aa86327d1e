package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** perf's and produce's options, the latency histogram, the throttle and the output lines, without a broker. */
class PerfParsingTest {

    /** Kafka 4.1's ProducerPerformance summary: %d, %.1f, %.2f, %.2f, %.2f, then four %d. */
    static final String PRODUCE_TOTAL = "\\d+ records sent, \\d+\\.\\d records/sec \\(\\d+\\.\\d{2} MB/sec\\), "
            + "\\d+\\.\\d{2} ms avg latency, \\d+\\.\\d{2} ms max latency, \\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, "
            + "\\d+ ms 99\\.9th\\.";
    /** Kafka's progress line: %d, %.1f, %.2f, %.1f, %.1f. */
    static final String PRODUCE_WINDOW = "\\d+ records sent, \\d+\\.\\d records/sec \\(\\d+\\.\\d{2} MB/sec\\), "
            + "\\d+\\.\\d ms avg latency, \\d+\\.\\d ms max latency\\.";
    static final String CONSUME_TOTAL = "\\d+ records, \\d+\\.\\d records/sec \\(\\d+\\.\\d{2} MB/sec\\)";

    private static Map<String, Object> producerKeys(String... args) {
        ParsedOptions options = new ParsedOptions();
        OptionParser.parse(List.of(args), ProducerOptions.OPTIONS, options, false, Help.Topic.PRODUCE);
        return ProducerOptions.parse(options, Help.Topic.PRODUCE);
    }

    private static void assertUsageError(Cli.Result r, String message) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(Kurier.EXIT_USAGE);
        assertThat(r.err()).as(r.toString()).startsWith("kurier: " + message + "\n").contains("Usage: kurier perf");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void producerOptionsMapToKafkaKeys() {
        assertThat(producerKeys("-z", "lz4", "--acks", "1", "--linger-ms", "5", "--batch-size", "65536",
                "--idempotence", "false")).containsExactly(Map.entry("compression.type", "lz4"), Map.entry("acks", "1"),
                Map.entry("linger.ms", "5"), Map.entry("batch.size", "65536"), Map.entry("enable.idempotence", "false"));
        assertThat(producerKeys("--acks=all", "-zZSTD")).containsOnly(Map.entry("acks", "all"),
                Map.entry("compression.type", "zstd"));
        assertThat(producerKeys("--acks", "-1")).containsOnly(Map.entry("acks", "all"));
        assertThat(producerKeys()).isEmpty();
    }

    @Test
    void producerOptionsWinOverDashX() {
        Map<String, Object> merged = ProducerOptions.merge(Map.of("acks", "0", "linger.ms", "100", "client.id", "c"),
                producerKeys("--acks", "all"));
        assertThat(merged).containsEntry("acks", "all").containsEntry("linger.ms", "100").containsEntry("client.id", "c");
    }

    @Test
    void badProducerOptionsAreUsageErrorsNamingTheOption() {
        assertThatThrownBy(() -> producerKeys("-z", "brotli")).isInstanceOf(UsageException.class)
                .hasMessage("option -z/--compression: 'brotli' is not none, gzip, snappy, lz4 or zstd");
        assertThatThrownBy(() -> producerKeys("--acks", "2")).hasMessage("option --acks: '2' is not 0, 1 or all");
        assertThatThrownBy(() -> producerKeys("--linger-ms", "-1")).hasMessageStartingWith("option --linger-ms: -1 is out of range");
        assertThatThrownBy(() -> producerKeys("--batch-size", "big")).hasMessage("option --batch-size: 'big' is not a number");
        assertThatThrownBy(() -> producerKeys("--idempotence", "yes"))
                .hasMessage("option --idempotence: 'yes' is not true or false");
        // produce itself takes them, and checks them before connecting
        Cli.Result r = Cli.run("produce", "-t", "x", "--acks", "most");
        assertThat(r.exit()).isEqualTo(Kurier.EXIT_USAGE);
        assertThat(r.err()).startsWith("kurier: option --acks: 'most' is not 0, 1 or all\n").contains("Usage: kurier produce");
    }

    @Test
    void perfCommandLines() {
        assertUsageError(Cli.run("perf"), "perf needs a subcommand: produce or consume");
        assertUsageError(Cli.run("perf", "fetch"), "unknown perf subcommand 'fetch' (produce or consume)");
        assertUsageError(Cli.run("perf", "produce", "-n", "10", "-s", "100"), "option -t/--topic is required");
        assertUsageError(Cli.run("perf", "produce", "-t", "x", "-s", "100"), "option -n/--num-records is required");
        assertUsageError(Cli.run("perf", "produce", "-t", "x", "-n", "10"), "option -s/--record-size is required");
        assertUsageError(Cli.run("perf", "produce", "-t", "x", "-n", "0", "-s", "1"),
                "option -n/--num-records: 0 is out of range [1, ...]");
        assertUsageError(Cli.run("perf", "produce", "-t", "x", "-n", "1", "-s", "0"),
                "option -s/--record-size: 0 is out of range [1, ...]");
        assertUsageError(Cli.run("perf", "produce", "-t", "x", "-n", "1", "-s", "1", "--throughput", "fast"),
                "option --throughput: 'fast' is not a number (records/s, -1 for no limit)");
        assertUsageError(Cli.run("perf", "produce", "-t", "x", "-n", "1", "-s", "1", "-z", "lzma"),
                "option -z/--compression: 'lzma' is not none, gzip, snappy, lz4 or zstd");
        assertUsageError(Cli.run("perf", "produce", "-t", "x", "-n", "1", "-s", "1", "-g", "g"), "unknown option -g");
        assertUsageError(Cli.run("perf", "consume", "-t", "x"), "option -n/--num-records is required");
        assertUsageError(Cli.run("perf", "consume", "-t", "x", "-n", "5", "-g", ""),
                "option -g/--group needs a non-empty value");
        assertUsageError(Cli.run("perf", "consume", "-t", "x", "-n", "5", "-s", "100"), "unknown option -s");
        assertUsageError(Cli.run("perf", "consume", "-t", "x", "-n", "5", "--timeout-ms", "0"),
                "option --timeout-ms: 0 is out of range [1, ...]");
    }

    @Test
    void perfHelpShowsBothSubcommandsAndTheMainHelpListsPerf() {
        Cli.Result r = Cli.run("perf", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: kurier perf produce -t TOPIC -n NUM -s RECORD_SIZE")
                .contains("kurier perf consume -t TOPIC -n NUM [-g GROUP]")
                .contains("  --acks 0|1|all             acks (default all)");
        assertThat(Cli.run("perf", "produce", "--help").out()).isEqualTo(r.out());
        assertThat(Cli.run("produce", "--help").out()).contains("  -z, --compression TYPE").contains("--idempotence true|false");
        assertThat(Cli.run("--help").out()).contains("  perf       ");
        assertThat(Cli.run("perff").err()).contains("(produce, consume, topics, groups, configs, records, acls, cluster, perf or broker)");
    }

    @Test
    void histogramPercentilesReadKafkasRank() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileMs(0.5)).isZero();
        for (int ms = 1; ms <= 1000; ms++) {
            h.record(ms * 1_000_000L + 400_000); // 1.4 ms .. 1000.4 ms
        }
        assertThat(h.count()).isEqualTo(1000);
        // sorted, rank (int) (q * 1000): 0.5 -> the 501st value (501 ms), 0.999 -> the 1000th
        assertThat(h.percentileMs(0.5)).isEqualTo(501);
        assertThat(h.percentileMs(0.95)).isEqualTo(951);
        assertThat(h.percentileMs(0.99)).isEqualTo(991);
        assertThat(h.percentileMs(0.999)).isEqualTo(1000);
        assertThat(h.maxMs()).isEqualTo(1000.4);
        assertThat(h.meanMs()).isCloseTo(500.9, org.assertj.core.data.Offset.offset(1e-9));
        h.record(Long.MAX_VALUE / 2); // beyond the last bucket: counted there
        assertThat(h.percentileMs(1.0)).isEqualTo(LatencyHistogram.MAX_TRACKED_MS);
        h.record(-5); // a clock step backwards counts as 0
        assertThat(h.percentileMs(0.0)).isZero();
    }

    @Test
    void statsLinesHaveKafkasShape() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        long t0 = 1_000_000_000L;
        ProduceStats stats = new ProduceStats(out, t0);
        stats.record(3_000_000, 100, t0 + 1_000_000_000L);
        stats.record(5_000_000, 100, t0 + 2_000_000_000L);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
        // the window is over: its line is printed, and a new window starts
        stats.record(10_000_000, 100, t0 + ProduceStats.WINDOW_NANOS);
        String window = bytes.toString(StandardCharsets.UTF_8);
        assertThat(window).isEqualTo("3 records sent, 0.6 records/sec (0.00 MB/sec), 6.0 ms avg latency, "
                + "10.0 ms max latency.\n").matches(PRODUCE_WINDOW + "\n");
        String total = stats.totalLine(t0 + 10_000_000_000L);
        assertThat(total).isEqualTo("3 records sent, 0.3 records/sec (0.00 MB/sec), 6.00 ms avg latency, "
                + "10.00 ms max latency, 5 ms 50th, 10 ms 95th, 10 ms 99th, 10 ms 99.9th.").matches(PRODUCE_TOTAL);
        assertThat(stats.count()).isEqualTo(3);
        assertThat(PerfConsume.line(2_000_000, 200_000_000, 4_000_000_000L))
                .isEqualTo("2000000 records, 500000.0 records/sec (47.68 MB/sec)").matches(CONSUME_TOTAL);
    }

    @Test
    void throttleHoldsTheAverageRate() {
        Throttle none = new Throttle(-1, 0);
        assertThat(none.limits()).isFalse();
        assertThat(none.ahead(1_000_000, 1)).isFalse();
        Throttle t = new Throttle(1000, 0);
        assertThat(t.ahead(10, 0)).isFalse(); // no time has passed: no rate yet
        assertThat(t.ahead(999, 1_000_000_000L)).isFalse();
        assertThat(t.ahead(1001, 1_000_000_000L)).isTrue();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            t.pause(); // 1 ms of debt each, slept off every 2 ms
        }
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000L);
    }
}
