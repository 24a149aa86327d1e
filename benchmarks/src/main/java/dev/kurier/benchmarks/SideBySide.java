package dev.kurier.benchmarks;

import dev.kurier.testkit.KafkaCluster;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kurier against kafka-clients on one real broker, each client in its own JVM (same flags), alternating:
 * {@code kurier perf produce} against {@code org.apache.kafka.tools.ProducerPerformance} (100-byte records,
 * linger.ms=5, batch.size=65536; acks=1, acks=all, and lz4 with acks=1), then {@code kurier perf consume} against
 * {@code org.apache.kafka.tools.ConsumerPerformance} on the same topic. Every client JVM runs under {@link Measured}
 * (process CPU, heap allocation). Prints Markdown tables.
 *
 * <p>{@code java -cp benchmarks/target/kurier-benchmarks.jar dev.kurier.benchmarks.SideBySide [OPTIONS]}:
 * <ul>
 *   <li>{@code --seconds S}: size produce runs to about S seconds of kafka-clients (default 15), from a warm-up run</li>
 *   <li>{@code --records N}: records per produce run instead (no calibration)</li>
 *   <li>{@code --consume-records N}: records per consume run (default 5,000,000)</li>
 *   <li>{@code --consume-rounds R}: consume pairs (default 2)</li>
 *   <li>{@code --only produce|consume}: one half</li>
 *   <li>{@code --jfr DIR}: record each client with JFR (profile settings) into DIR: for profiling, not figures</li>
 *   <li>{@code --out FILE}: also write the tables to FILE</li>
 *   <li>{@code --partitions P}: partitions of the topic (default 6)</li>
 *   <li>{@code --kurier-config KEY=VALUE}: a client config key for the Kurier runs only (-X), repeatable: for
 *       diagnosis</li>
 *   <li>{@code --throughput N}: hold both producers to N records/s (default -1: as fast as each goes)</li>
 *   <li>{@code --produce-rounds R}: runs per client and produce setting, alternating who goes first (default 1)</li>
 *   <li>{@code --settings acks=1,acks=all,lz4}: which produce settings run (default all three)</li>
 *   <li>{@code --producer-config KEY=VALUE}: a producer config key for both clients, repeatable</li>
 *   <li>{@code --broker-config KEY=VALUE}: a broker config key for the testkit broker, repeatable</li>
 *   <li>{@code --secure SSL|SASL_SSL|SASL_PLAINTEXT}: both clients produce and consume through that listener of the
 *       broker (the testkit's throwaway CA; SASL with SCRAM-SHA-512), the same settings for both</li>
 * </ul>
 */
public final class SideBySide {

    /** The same for both clients. */
    static final List<String> CLIENT_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:-UsePerfData");
    static final String TOPIC = "side-by-side";
    static final int DEFAULT_PARTITIONS = 6;
    static final int RECORD_SIZE = 100;
    private static final String KAFKA_PRODUCER = "org.apache.kafka.tools.ProducerPerformance";
    private static final String KAFKA_CONSUMER = "org.apache.kafka.tools.ConsumerPerformance";
    private static final String KURIER = "dev.kurier.cli.Kurier";
    private static final Pattern PRODUCE_LINE = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec "
            + "\\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, "
            + "(\\d+) ms 99th, (\\d+) ms 99\\.9th\\.");
    private static final Pattern KURIER_METRICS = Pattern.compile("producer metrics: (\\d+) requests, \\d+ batches, "
            + "([\\d.]+) records/request, [\\d.]+ batches/request, (\\d+) bytes/batch, ([\\d.]+) ms avg request latency");
    private static final Pattern KAFKA_METRIC = Pattern.compile("producer-metrics:([a-z-]+):\\{[^}]*\\}\\s*:\\s*([-\\d.,]+)\\s*");
    private static final Pattern KURIER_CONSUME_LINE = Pattern.compile("(\\d+) records, ([\\d.]+) records/sec "
            + "\\(([\\d.]+) MB/sec\\)");

    private final Path jar;
    private final Path work;
    private final String bootstrap;
    /** Where the tools that only read offsets connect: the plaintext listener. */
    private final String adminBootstrap;
    /** Security settings both clients get (none for plaintext), and the same as a file for ConsumerPerformance. */
    private final Map<String, String> security;
    private final Path securityFile;
    private final Path jfrDir;
    private final int partitions;
    private final List<String> kurierConfig;
    private final StringBuilder report = new StringBuilder();

    private SideBySide(Path jar, Path work, String bootstrap, String adminBootstrap, Map<String, String> security,
                       Path jfrDir, int partitions, List<String> kurierConfig) throws java.io.IOException {
        this.partitions = partitions;
        this.kurierConfig = kurierConfig;
        this.jar = jar;
        this.work = work;
        this.bootstrap = bootstrap;
        this.adminBootstrap = adminBootstrap;
        this.security = security;
        this.jfrDir = jfrDir;
        this.securityFile = work.resolve("security.properties");
        java.util.Properties props = new java.util.Properties();
        props.putAll(security);
        try (java.io.Writer w = Files.newBufferedWriter(securityFile)) {
            props.store(w, null);
        }
    }

    /** One produce configuration. */
    record ProduceSetting(String name, String acks, String compression) {
    }

    /** A parsed produce summary. */
    record ProduceResult(ForkedRun run, long records, double perSecond, double avgMs, double maxMs, long p50, long p95,
                         long p99, long p999) {

        static ProduceResult of(ForkedRun run) {
            // the summary is the last line, except that kafka's tool prints --print-metrics after it
            for (int i = run.stdout().size() - 1; i >= 0; i--) {
                Matcher m = PRODUCE_LINE.matcher(run.stdout().get(i));
                if (m.matches()) {
                    return new ProduceResult(run, Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Long.parseLong(m.group(6)),
                            Long.parseLong(m.group(7)), Long.parseLong(m.group(8)), Long.parseLong(m.group(9)));
                }
            }
            throw new IllegalStateException(run.label() + ": no ProducerPerformance summary in " + run.stdout());
        }

        /** The summary line. */
        String summary() {
            return run.stdout().stream().filter(l -> PRODUCE_LINE.matcher(l).matches()).reduce((a, b) -> b).orElse("");
        }

        /** Produce requests sent, records per request, bytes per batch, mean request latency (ms). */
        double[] requestStats() {
            for (String line : run.stdout()) {
                Matcher m = KURIER_METRICS.matcher(line);
                if (m.lookingAt()) {
                    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))};
                }
            }
            java.util.Map<String, Double> kafka = new java.util.HashMap<>();
            for (String line : run.stdout()) {
                Matcher m = KAFKA_METRIC.matcher(line);
                if (m.matches()) {
                    kafka.put(m.group(1), Double.parseDouble(m.group(2).replace(",", "")));
                }
            }
            return new double[] {kafka.getOrDefault("request-total", Double.NaN),
                kafka.getOrDefault("records-per-request-avg", Double.NaN), kafka.getOrDefault("batch-size-avg", Double.NaN),
                kafka.getOrDefault("request-latency-avg", Double.NaN)};
        }
    }

    /** A parsed consume result; {@code fetchPerSecond} excludes the group join (kafka's fetch.nMsg.sec). */
    record ConsumeResult(ForkedRun run, long records, double perSecond, double fetchPerSecond) {
    }

    /** Records per second each producer is held to ({@code --throughput}); -1 for as fast as it goes. */
    private static long throughput = -1;
    /** Produce runs per client and setting ({@code --produce-rounds}); the ratios use the medians. */
    private static int produceRounds = 1;
    /** Which produce settings run ({@code --settings acks=1,acks=all,lz4}); all when null. */
    private static List<String> produceSettings;
    /** Producer config given to both clients' produce runs ({@code --producer-config KEY=VALUE}, repeatable). */
    private static final List<String> producerConfig = new ArrayList<>();
    /**
     * Broker config of the testkit broker ({@code --broker-config KEY=VALUE}, repeatable, wins). By default the KRaft
     * controller writes a no-op record to its metadata log, with an fsync, every 500 ms; on this machine's shared disk,
     * with hundreds of MB of produced data not yet written back, such an fsync took up to 0.8 s and stalled the
     * broker's appends meanwhile, whichever client was running. Once a minute is enough for a benchmark broker.
     */
    private static final List<String> brokerConfig = new ArrayList<>(List.of("metadata.max.idle.interval.ms=60000"));

    public static void main(String[] args) throws Exception {
        double seconds = 15;
        long records = 0;
        long consumeRecords = 5_000_000;
        int consumeRounds = 2;
        String only = null;
        Path jfr = null;
        Path out = null;
        int partitions = DEFAULT_PARTITIONS;
        List<String> kurierConfig = new ArrayList<>();
        String secureListener = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--throughput" -> throughput = Long.parseLong(args[++i]);
                case "--consume-records" -> consumeRecords = Long.parseLong(args[++i]);
                case "--consume-rounds" -> consumeRounds = Integer.parseInt(args[++i]);
                case "--produce-rounds" -> produceRounds = Integer.parseInt(args[++i]);
                case "--settings" -> produceSettings = List.of(args[++i].split(","));
                case "--only" -> only = args[++i];
                case "--jfr" -> jfr = Path.of(args[++i]).toAbsolutePath();
                case "--out" -> out = Path.of(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--kurier-config" -> kurierConfig.add(args[++i]);
                case "--producer-config" -> producerConfig.add(args[++i]);
                case "--broker-config" -> brokerConfig.add(args[++i]);
                case "--secure" -> secureListener = switch (args[++i]) {
                    case "SSL" -> dev.kurier.testkit.security.SecureListeners.SSL;
                    case "SASL_SSL" -> dev.kurier.testkit.security.SecureListeners.SASL_SSL;
                    case "SASL_PLAINTEXT" -> dev.kurier.testkit.security.SecureListeners.SASL_PLAINTEXT;
                    default -> throw new IllegalArgumentException("--secure takes SSL, SASL_SSL or SASL_PLAINTEXT");
                };
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path jar = jarOf(SideBySide.class);
        Path work = Files.createTempDirectory("side-by-side");
        if (jfr != null) {
            Files.createDirectories(jfr);
        }
        System.out.println("client JVM runs: " + work);
        dev.kurier.testkit.KafkaClusterBuilder cluster = KafkaCluster.builder().nodes(1).brokerLogLevel("WARN")
                .jvmOption("-XX:TieredStopAtLevel=4").jvmOption("-Xms1g").jvmOption("-Xmx1g");
        for (String kv : brokerConfig) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--broker-config wants KEY=VALUE, got '" + kv + "'");
            }
            cluster.brokerProperty(kv.substring(0, eq), kv.substring(eq + 1));
        }
        dev.kurier.testkit.security.SecureListeners secure = secureListener == null ? null
                : dev.kurier.testkit.security.SecureListeners.configure(cluster,
                        dev.kurier.testkit.security.TestCertificates.create(work.resolve("certs")));
        try (KafkaCluster kafka = cluster.start()) {
            kafka.createTopic(TOPIC, partitions, 1);
            Map<String, String> security = new java.util.LinkedHashMap<>();
            String clientBootstrap = kafka.bootstrapServers();
            if (secure != null) {
                security.putAll(secure.clientProperties(kafka, secureListener, "SCRAM-SHA-512"));
                clientBootstrap = security.remove("bootstrap.servers");
            }
            SideBySide s = new SideBySide(jar, work, clientBootstrap, kafka.bootstrapServers(), security, jfr,
                    partitions, kurierConfig);
            if (secure != null) {
                s.report.append("Both clients connect through the broker's ").append(secureListener)
                        .append(" listener (").append(security.get("security.protocol"))
                        .append(security.containsKey("sasl.mechanism") ? ", " + security.get("sasl.mechanism") : "")
                        .append(").\n\n");
            }
            s.header();
            if (!"consume".equals(only)) {
                s.produce(records, seconds);
            }
            if ("consume".equals(only)) {
                s.kafkaProduce("fill", consumeRecords, "1", null); // the records to read
            }
            if (!"produce".equals(only)) {
                s.consume(consumeRecords, consumeRounds);
            }
            System.out.println();
            System.out.println(s.report);
            if (out != null) {
                Files.writeString(out, s.report);
            }
        }
    }

    private void header() {
        report.append("Side by side, ").append(LocalDate.now()).append(": ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version")).append(", one Kafka ")
                .append("4.1.2 broker (testkit, C2, 1 GB heap) on the same machine; client JVMs ")
                .append(String.join(" ", CLIENT_JVM)).append(".\n\n");
        if (!brokerConfig.isEmpty()) {
            report.append("The broker runs with ").append(String.join(", ", brokerConfig)).append(".\n\n");
        }
        if (!producerConfig.isEmpty()) {
            report.append("Both producers run with ").append(String.join(", ", producerConfig)).append(".\n\n");
        }
        if (!kurierConfig.isEmpty()) {
            report.append("Kurier runs with ").append(String.join(", ", kurierConfig)).append(".\n\n");
        }
    }

    private void produce(long records, double seconds) {
        // Warm-up: the broker's JIT and page cache; it also sizes the measured runs.
        ProduceResult warmKafka = ProduceResult.of(kafkaProduce("warmup-kafka", 1_000_000, "1", null));
        long[] afterKafka = endOffsets("offsets-after-warmup-kafka");
        ProduceResult warmKurier = ProduceResult.of(kurierProduce("warmup-kurier", 1_000_000, "1", null));
        long[] afterKurier = endOffsets("offsets-after-warmup-kurier");
        long n = records > 0 ? records
                : Math.max(1_000_000, Math.round(warmKafka.perSecond() * seconds / 100_000) * 100_000);
        System.out.printf(Locale.ROOT, "warm-up: kafka-clients %.0f records/s; %d records per run%n",
                warmKafka.perSecond(), n);
        List<ProduceSetting> settings = new ArrayList<>(List.of(new ProduceSetting("acks=1", "1", null),
                new ProduceSetting("acks=all", "all", null), new ProduceSetting("lz4, acks=1", "1", "lz4")));
        if (produceSettings != null) {
            settings.removeIf(s -> produceSettings.stream().noneMatch(w -> s.name().startsWith(w)));
        }
        // pairs.get(setting).get(round) = {kafka-clients, Kurier}
        List<List<ProduceResult[]>> pairs = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            pairs.add(new ArrayList<>());
        }
        int turn = 0;
        for (int round = 0; round < produceRounds; round++) {
            for (int i = 0; i < settings.size(); i++) {
                ProduceSetting s = settings.get(i);
                String suffix = s.name() + (produceRounds > 1 ? "-" + round : "");
                ProduceResult kafka;
                ProduceResult kurier;
                // alternate who goes first
                if (turn++ % 2 == 0) {
                    kafka = ProduceResult.of(kafkaProduce("produce-kafka-" + suffix, n, s.acks(), s.compression()));
                    kurier = ProduceResult.of(kurierProduce("produce-kurier-" + suffix, n, s.acks(), s.compression()));
                } else {
                    kurier = ProduceResult.of(kurierProduce("produce-kurier-" + suffix, n, s.acks(), s.compression()));
                    kafka = ProduceResult.of(kafkaProduce("produce-kafka-" + suffix, n, s.acks(), s.compression()));
                }
                pairs.get(i).add(new ProduceResult[] {kafka, kurier});
                System.out.println(kafka.summary());
                System.out.println(kurier.summary());
            }
        }
        report.append("Where the 1,000,000 warm-up records went, per partition (end offsets before and after each warm-up "
                + "run, default partitioners, no keys):\n\n| client |");
        for (int p = 0; p < partitions; p++) {
            report.append(" p").append(p).append(" |");
        }
        report.append("\n|---|").append("---:|".repeat(partitions)).append('\n');
        report.append("| kafka-clients |");
        for (int p = 0; p < partitions; p++) {
            report.append(' ').append(afterKafka[p]).append(" |");
        }
        report.append("\n| Kurier |");
        for (int p = 0; p < partitions; p++) {
            report.append(' ').append(afterKurier[p] - afterKafka[p]).append(" |");
        }
        report.append("\n\n");
        report.append("### Produce: ").append(n).append(" records of ").append(RECORD_SIZE)
                .append(" bytes per run, linger.ms=5, batch.size=65536, ").append(partitions).append(" partitions, ")
                .append(throughput < 0 ? "as fast as each client goes" : "offered load " + throughput + " records/s")
                .append("\n\n");
        report.append("| setting | client | round | records/s | avg ms | p50 ms | p99 ms | p99.9 ms | max ms | CPU s "
                + "| CPU s / M records | alloc B / record | GCs | GC pause ms | CPU stolen % |\n");
        report.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < settings.size(); i++) {
            for (int round = 0; round < pairs.get(i).size(); round++) {
                for (ProduceResult r : pairs.get(i).get(round)) {
                    report.append(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %.1f | %d | %d | %d | %.0f | %.1f | %.2f "
                                    + "| %.0f | %d | %d | %.0f |%n", settings.get(i).name(), client(r.run()), round, r.perSecond(),
                            r.avgMs(), r.p50(), r.p99(), r.p999(), r.maxMs(), r.run().cpuSeconds(),
                            r.run().cpuSeconds() / (r.records() / 1e6), r.run().allocatedFromMain() / (double) r.records(),
                            r.run().value("gc.count"), r.run().value("gc.ms"), r.run().stealPercent()));
                }
            }
        }
        report.append("\nRatios, Kurier / kafka-clients, of each client's median over ").append(produceRounds)
                .append(produceRounds == 1 ? " run" : " runs")
                .append(" (records/s above 1 is better; p99, CPU and allocation below 1):\n\n");
        report.append("| setting | records/s | p99 | CPU per record | alloc per record | p99 ms, kafka-clients runs "
                + "| p99 ms, Kurier runs |\n|---|---:|---:|---:|---:|---|---|\n");
        for (int i = 0; i < settings.size(); i++) {
            List<ProduceResult> kafka = pairs.get(i).stream().map(pr -> pr[0]).toList();
            List<ProduceResult> kurier = pairs.get(i).stream().map(pr -> pr[1]).toList();
            double kafkaP99 = median(kafka, r -> r.p99());
            double kurierP99 = median(kurier, r -> r.p99());
            report.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %.2f | %.2f | %s | %s |%n", settings.get(i).name(),
                    median(kurier, ProduceResult::perSecond) / median(kafka, ProduceResult::perSecond),
                    kafkaP99 == 0 ? "n/a (" + kurierP99 + " / 0 ms)" : String.format(Locale.ROOT, "%.2f", kurierP99 / kafkaP99),
                    median(kurier, r -> r.run().cpuSeconds() / r.records()) / median(kafka, r -> r.run().cpuSeconds() / r.records()),
                    median(kurier, r -> r.run().allocatedFromMain() / (double) r.records())
                            / median(kafka, r -> r.run().allocatedFromMain() / (double) r.records()),
                    kafka.stream().map(r -> Long.toString(r.p99())).collect(java.util.stream.Collectors.joining(", ")),
                    kurier.stream().map(r -> Long.toString(r.p99())).collect(java.util.stream.Collectors.joining(", "))));
        }
        report.append("\nProduce requests, from each client's own metrics (kafka: --print-metrics' request-total, "
                + "records-per-request-avg, batch-size-avg, request-latency-avg; Kurier: perf produce --print-metrics):\n\n");
        report.append("| setting | client | round | requests | records / request | bytes / batch | request latency ms |\n");
        report.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < settings.size(); i++) {
            for (int round = 0; round < pairs.get(i).size(); round++) {
                for (ProduceResult r : pairs.get(i).get(round)) {
                    double[] q = r.requestStats();
                    report.append(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %.0f | %,.0f | %.1f |%n",
                            settings.get(i).name(), client(r.run()), round, q[0], q[1], q[2], q[3]));
                }
            }
        }
        report.append('\n');
        if (n > 1_000_000 && settings.get(0).name().equals("acks=1")) {
            // The same setting as the 1M-record warm-up: the difference is the cost of the extra records alone,
            // without JVM start-up, JIT compilation of the client and its set-up.
            report.append("Marginal cost per record, acks=1: (the ").append(n).append("-record run minus the 1,000,000-record "
                    + "warm-up run) / ").append(n - 1_000_000).append(" records:\n\n");
            report.append("| client | CPU s / M records | alloc B / record |\n|---|---:|---:|\n");
            marginal(pairs.get(0).get(0)[0], warmKafka, n);
            marginal(pairs.get(0).get(0)[1], warmKurier, n);
            report.append('\n');
        }
        threadTable(pairs.stream().flatMap(List::stream).flatMap(p -> List.of(p[0].run(), p[1].run()).stream()).toList());
    }

    private static double median(List<ProduceResult> results, java.util.function.ToDoubleFunction<ProduceResult> f) {
        double[] v = results.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private void marginal(ProduceResult big, ProduceResult small, long n) {
        double extra = n - small.records();
        report.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f |%n", client(big.run()),
                (big.run().cpuSeconds() - small.run().cpuSeconds()) / extra * 1e6,
                (big.run().allocatedFromMain() - small.run().allocatedFromMain()) / extra));
    }

    private void consume(long records, int rounds) {
        List<ConsumeResult> results = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 0) {
                results.add(kafkaConsume("consume-kafka-" + i, records, i));
                results.add(kurierConsume("consume-kurier-" + i, records, i));
            } else {
                results.add(kurierConsume("consume-kurier-" + i, records, i));
                results.add(kafkaConsume("consume-kafka-" + i, records, i));
            }
        }
        report.append("### Consume: ").append(records).append(" records of ").append(RECORD_SIZE)
                .append(" bytes from the beginning of the same topic, a new consumer group each run\n\n");
        report.append("| run | client | records/s | records/s without the group join | CPU s | CPU s / M records "
                + "| alloc B / record | GCs | GC pause ms |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ConsumeResult r : results) {
            report.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %.1f | %.2f | %.0f | %d | %d |%n",
                    r.run().label().replaceAll("consume-\\w+-", ""), client(r.run()), r.perSecond(),
                    Double.isNaN(r.fetchPerSecond()) ? "" : String.format(Locale.ROOT, "%,.0f", r.fetchPerSecond()),
                    r.run().cpuSeconds(), r.run().cpuSeconds() / (r.records() / 1e6),
                    r.run().allocatedFromMain() / (double) r.records(), r.run().value("gc.count"), r.run().value("gc.ms")));
        }
        double kafkaRate = 0;
        double kurierRate = 0;
        double kafkaCpu = 0;
        double kurierCpu = 0;
        double kafkaAlloc = 0;
        double kurierAlloc = 0;
        for (ConsumeResult r : results) {
            boolean kurier = r.run().label().contains("kurier");
            double cpu = r.run().cpuSeconds() / r.records();
            double alloc = r.run().allocatedFromMain() / (double) r.records();
            if (kurier) {
                kurierRate += r.perSecond();
                kurierCpu += cpu;
                kurierAlloc += alloc;
            } else {
                kafkaRate += r.perSecond();
                kafkaCpu += cpu;
                kafkaAlloc += alloc;
            }
        }
        report.append(String.format(Locale.ROOT, "%nRatios, Kurier / kafka-clients, means over %d rounds: records/s %.2f, "
                        + "CPU per record %.2f, allocation per record %.2f.%n%n", rounds, kurierRate / kafkaRate,
                kurierCpu / kafkaCpu, kurierAlloc / kafkaAlloc));
        threadTable(results.stream().map(ConsumeResult::run).toList());
    }

    private void threadTable(List<ForkedRun> runs) {
        report.append("CPU seconds by thread kind (from /proc, 10 ms ticks; io = producer/consumer/Netty threads) and "
                + "allocation by thread kind (MB):\n\n");
        report.append("| run | main CPU | io CPU | gc CPU | jit CPU | other CPU | main MB | io MB | other MB |\n");
        report.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ForkedRun r : runs) {
            report.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f |%n",
                    r.label(), r.value("cpu.thread.main.ns") / 1e9, r.value("cpu.thread.io.ns") / 1e9,
                    r.value("cpu.thread.gc.ns") / 1e9, r.value("cpu.thread.jit.ns") / 1e9,
                    r.value("cpu.thread.other.ns") / 1e9, r.value("alloc.thread.main.bytes") / 1e6,
                    r.value("alloc.thread.io.bytes") / 1e6,
                    (r.value("alloc.thread.other.bytes") + r.value("alloc.thread.gc.bytes")
                            + r.value("alloc.thread.jit.bytes")) / 1e6));
        }
        report.append('\n');
    }

    private static String client(ForkedRun run) {
        return run.label().contains("kurier") ? "Kurier" : "kafka-clients";
    }

    private List<String> jvm(String label) {
        List<String> opts = new ArrayList<>(CLIENT_JVM);
        if (jfrDir != null) {
            opts.add("-XX:StartFlightRecording=settings=profile,filename="
                    + jfrDir.resolve(label.replaceAll("[^A-Za-z0-9_.-]", "_") + ".jfr"));
        }
        return opts;
    }

    private ForkedRun kafkaProduce(String label, long n, String acks, String compression) {
        List<String> args = new ArrayList<>(List.of("--topic", TOPIC, "--num-records", Long.toString(n), "--record-size",
                Integer.toString(RECORD_SIZE), "--throughput", Long.toString(throughput), "--producer-props", "bootstrap.servers=" + bootstrap,
                "acks=" + acks, "linger.ms=5", "batch.size=65536"));
        if (compression != null) {
            args.add("compression.type=" + compression);
        }
        args.addAll(producerConfig);
        if (!security.isEmpty()) {
            args.addAll(List.of("--producer.config", securityFile.toString())); // values with '=' break --producer-props
        }
        args.add("--print-metrics");
        return fork(label, KAFKA_PRODUCER, args);
    }

    private List<String> kurierGlobal() {
        List<String> args = new ArrayList<>(List.of("-b", bootstrap));
        security.forEach((k, v) -> args.addAll(List.of("-X", k + "=" + v)));
        kurierConfig.forEach(kv -> args.addAll(List.of("-X", kv)));
        return args;
    }

    private ForkedRun kurierProduce(String label, long n, String acks, String compression) {
        List<String> args = kurierGlobal();
        args.addAll(List.of("perf", "produce", "-t", TOPIC, "-n", Long.toString(n),
                "-s", Integer.toString(RECORD_SIZE), "--throughput", Long.toString(throughput), "--acks", acks, "--linger-ms", "5",
                "--batch-size", "65536", "--print-metrics"));
        if (compression != null) {
            args.addAll(List.of("-z", compression));
        }
        producerConfig.forEach(kv -> args.addAll(args.indexOf("perf"), List.of("-X", kv)));
        return fork(label, KURIER, args);
    }

    private ConsumeResult kafkaConsume(String label, long n, int round) {
        List<String> consumerArgs = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--topic", TOPIC,
                "--messages", Long.toString(n), "--group", "side-by-side-kafka-" + round + "-" + System.nanoTime(),
                "--timeout", "30000"));
        if (!security.isEmpty()) {
            consumerArgs.addAll(List.of("--consumer.config", securityFile.toString()));
        }
        ForkedRun run = fork(label, KAFKA_CONSUMER, consumerArgs);
        System.out.println(String.join("\n", run.stdout()));
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
        // fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        String[] f = run.lastLine().split(",\\s*");
        if (f.length < 10) {
            throw new IllegalStateException(label + ": unexpected ConsumerPerformance output: " + run.lastLine());
        }
        return new ConsumeResult(run, Long.parseLong(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[9]));
    }

    private ConsumeResult kurierConsume(String label, long n, int round) {
        // ConsumerPerformance turns CRC checks off; so does this run, to do the same work.
        List<String> args = kurierGlobal();
        args.addAll(List.of("-X", "check.crcs=false", "perf", "consume", "-t", TOPIC, "-n", Long.toString(n), "-g",
                "side-by-side-kurier-" + round + "-" + System.nanoTime(), "--timeout-ms", "30000"));
        ForkedRun run = fork(label, KURIER, args);
        System.out.println(run.lastLine());
        Matcher m = KURIER_CONSUME_LINE.matcher(run.lastLine());
        if (!m.matches()) {
            throw new IllegalStateException(label + ": unexpected perf consume output: " + run.lastLine());
        }
        return new ConsumeResult(run, Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.NaN);
    }

    /** The end offset of every partition of the topic, from kafka's GetOffsetShell. */
    private long[] endOffsets(String label) {
        ForkedRun run = ForkedRun.run(label, work, jar, List.of("-Xmx256m"), "org.apache.kafka.tools.GetOffsetShell",
                List.of("--bootstrap-server", adminBootstrap, "--topic", TOPIC), 120);
        long[] offsets = new long[partitions];
        for (String line : run.stdout()) {
            String[] f = line.split(":");
            if (f.length == 3 && f[0].equals(TOPIC)) {
                offsets[Integer.parseInt(f[1])] = Long.parseLong(f[2]);
            }
        }
        return offsets;
    }

    private ForkedRun fork(String label, String main, List<String> args) {
        MachineCpu.syncDisks(); // the previous run's log data is written back now, not during this run
        System.out.println("running " + label);
        return ForkedRun.run(label, work, jar, jvm(label), main, args, 600);
    }

    private static Path jarOf(Class<?> c) throws URISyntaxException, IOException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath();
    }
}
