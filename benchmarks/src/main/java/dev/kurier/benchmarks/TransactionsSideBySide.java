package dev.kurier.benchmarks;

import dev.kurier.testkit.KafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Transactions, Kurier against kafka-clients on one testkit broker, each client in its own measured JVM (the same
 * flags as {@link SideBySide}), alternating who goes first: transactional produce of 100-byte records in transactions
 * of 1,000 and of 10,000 records, and an exactly-once copy (read_committed consumer in a group, one transaction per
 * poll with the offsets inside, as Kafka's {@code TransactionalMessageCopier}). Prints Markdown tables with the ratios
 * of the medians.
 *
 * <p>{@code java -cp benchmarks/target/kurier-benchmarks.jar dev.kurier.benchmarks.TransactionsSideBySide
 * [--records N (default 2,000,000)] [--copy-records N (default 1,000,000)] [--rounds R (default 3)] [--out FILE]}
 */
public final class TransactionsSideBySide {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records, (\\d+) transactions, ([\\d.]+) records/sec");
    private static final int PARTITIONS = 6;

    private TransactionsSideBySide() {
    }

    /** The value every record carries: 100 bytes. */
    static byte[] value() {
        byte[] v = new byte[SideBySide.RECORD_SIZE];
        Arrays.fill(v, (byte) 'x');
        return v;
    }

    /** The line both workers print at the end, parsed here. */
    static void summary(long records, long transactions, long nanos) {
        System.out.printf(Locale.ROOT, "%d records, %d transactions, %.1f records/sec%n", records, transactions,
                records / (nanos / 1e9));
    }

    /** One worker run: its measurements and what it printed. */
    record Result(ForkedRun run, long records, long transactions, double perSecond) {
        static Result of(ForkedRun run) {
            Matcher m = SUMMARY.matcher(run.lastLine());
            if (!m.matches()) {
                throw new IllegalStateException(run.label() + ": exit " + run.exit() + ", unexpected output: "
                        + run.stdout());
            }
            return new Result(run, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Double.parseDouble(m.group(3)));
        }

        double cpuPerMillion() {
            return run.cpuSeconds() / (records / 1e6);
        }

        double allocPerRecord() {
            return run.allocatedFromMain() / (double) records;
        }

        boolean kurier() {
            return run.label().contains("kurier");
        }
    }

    public static void main(String[] args) throws Exception {
        long records = 2_000_000;
        long copyRecords = 1_000_000;
        int rounds = 3;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--copy-records" -> copyRecords = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path jar = Path.of(TransactionsSideBySide.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toRealPath();
        Path work = Files.createTempDirectory("txn-side-by-side");
        StringBuilder report = new StringBuilder();
        try (KafkaCluster kafka = KafkaCluster.builder().nodes(1).brokerLogLevel("WARN")
                .jvmOption("-XX:TieredStopAtLevel=4").jvmOption("-Xms1g").jvmOption("-Xmx1g")
                .brokerProperty("metadata.max.idle.interval.ms", "60000").start()) {
            String b = kafka.bootstrapServers();
            kafka.createTopic("txn-produce", PARTITIONS, 1);
            kafka.createTopic("eos-in", PARTITIONS, 1);
            report.append("Transactions side by side, ").append(LocalDate.now()).append(": ")
                    .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                    .append(System.getProperty("java.version")).append(", one testkit broker; client JVMs ")
                    .append(String.join(" ", SideBySide.CLIENT_JVM)).append("; linger.ms=5, batch.size=65536, ")
                    .append(PARTITIONS).append(" partitions, 100-byte records.\n\n");
            // warm-up of the broker (and the input of the copies), in transactions of 10,000
            Result.of(fork(jar, work, "fill-kurier", KurierTransactions.class, "produce", b, "eos-in",
                    Long.toString(copyRecords), "10000", "fill"));
            List<Result> all = new ArrayList<>();
            int turn = 0;
            for (int size : new int[] {1000, 10000}) {
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < 2; k++) {
                        boolean kurier = (turn + k) % 2 == 1;
                        String label = "produce-" + size + "-" + (kurier ? "kurier" : "kafka") + "-" + round;
                        all.add(Result.of(fork(jar, work, label, kurier ? KurierTransactions.class
                                : KafkaTransactions.class, "produce", b, "txn-produce", Long.toString(records),
                                Integer.toString(size), label)));
                        System.out.println(label + ": " + all.get(all.size() - 1).run().lastLine());
                    }
                    turn++;
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < 2; k++) {
                    boolean kurier = (turn + k) % 2 == 1;
                    String label = "copy-" + (kurier ? "kurier" : "kafka") + "-" + round;
                    kafka.createTopic("eos-out-" + label, PARTITIONS, 1);
                    all.add(Result.of(fork(jar, work, label, kurier ? KurierTransactions.class
                            : KafkaTransactions.class, "copy", b, "eos-in", "eos-out-" + label, "group-" + label,
                            Long.toString(copyRecords), label)));
                    System.out.println(label + ": " + all.get(all.size() - 1).run().lastLine());
                }
                turn++;
            }
            report.append("| run | client | records/s | transactions | CPU s | CPU s / M records | alloc B / record |\n")
                    .append("|---|---|---:|---:|---:|---:|---:|\n");
            for (Result r : all) {
                report.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %d | %.1f | %.2f | %.0f |%n",
                        r.run().label().replaceAll("-(kurier|kafka)", ""), r.kurier() ? "Kurier" : "kafka-clients",
                        r.perSecond(), r.transactions(), r.run().cpuSeconds(), r.cpuPerMillion(), r.allocPerRecord()));
            }
            report.append("\nRatios, Kurier / kafka-clients, of the medians over ").append(rounds)
                    .append(" runs each (records/s above 1 is better, CPU and allocation below 1):\n\n")
                    .append("| workload | records/s | CPU per record | alloc per record |\n|---|---:|---:|---:|\n");
            for (String w : List.of("produce-1000", "produce-10000", "copy")) {
                List<Result> kurier = all.stream().filter(r -> r.run().label().startsWith(w + "-") && r.kurier()).toList();
                List<Result> kafkaRuns = all.stream().filter(r -> r.run().label().startsWith(w + "-") && !r.kurier()).toList();
                report.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", w,
                        median(kurier, Result::perSecond) / median(kafkaRuns, Result::perSecond),
                        median(kurier, Result::cpuPerMillion) / median(kafkaRuns, Result::cpuPerMillion),
                        median(kurier, Result::allocPerRecord) / median(kafkaRuns, Result::allocPerRecord)));
            }
        }
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report);
        }
    }

    private static ForkedRun fork(Path jar, Path work, String label, Class<?> main, String... args) {
        MachineCpu.syncDisks();
        System.out.println("running " + label);
        return ForkedRun.run(label, work, jar, SideBySide.CLIENT_JVM, main.getName(), List.of(args), 900);
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> f) {
        double[] v = results.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
