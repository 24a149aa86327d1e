package dev.kurier.benchmarks;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.AlterConfigOp;
import dev.kurier.client.admin.ConfigResource;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.testkit.KafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka 4 groups, Kurier against kafka-clients on one testkit broker (4.4), each run in a measured JVM of its own,
 * alternating who goes first: share-group reading of a one-partition topic with 1, 4 and 16 share consumers (KIP-932),
 * and the time a group of 10 members reading 100 partitions (written to all the time) takes to bring an 11th in and
 * be fully fetching again,
 * with the classic protocol and with KIP-848's. Prints Markdown tables with the medians and their ratios.
 *
 * <p>{@code java -cp benchmarks/target/kurier-benchmarks.jar dev.kurier.benchmarks.GroupsSideBySide
 * [--records N (default 1,000,000)] [--rounds R (default 3)] [--share-only] [--out FILE]}
 */
public final class GroupsSideBySide {

    private static final Pattern SHARE = Pattern.compile("(\\d+) records, (\\d+) consumers, ([\\d.]+) records/sec");
    private static final Pattern REBALANCE = Pattern.compile("rebalance (\\d+) ms, newcomer owns (\\d+) partitions");
    private static final int PARTITIONS = 100;

    private GroupsSideBySide() {
    }

    record Run(ForkedRun run, boolean kurier, String workload, double value) {
    }

    public static void main(String[] args) throws Exception {
        long records = 1_000_000;
        int rounds = 3;
        Path out = null;
        boolean shareOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--share-only" -> shareOnly = true;
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path jar = Path.of(GroupsSideBySide.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toRealPath();
        Path work = Files.createTempDirectory("groups-side-by-side");
        StringBuilder report = new StringBuilder();
        List<Run> all = new ArrayList<>();
        try (KafkaCluster kafka = KafkaCluster.builder().nodes(1).brokerLogLevel("WARN")
                .jvmOption("-XX:TieredStopAtLevel=4").jvmOption("-Xms1g").jvmOption("-Xmx1g")
                .brokerProperty("group.initial.rebalance.delay.ms", "0").start();
             KurierClient client = KurierClient.create(ClientConfig.builder()
                     .bootstrapServers(kafka.bootstrapServers()).build());
             Admin admin = client.admin()) {
            String b = kafka.bootstrapServers();
            kafka.createTopic("share-in", 1, 1);
            kafka.createTopic("rebalance-in", PARTITIONS, 1);
            fill(client, "share-in", records, 1);
            report.append("Kafka 4 groups side by side, ").append(LocalDate.now()).append(": ")
                    .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                    .append(System.getProperty("java.version")).append(", one testkit broker (Kafka ")
                    .append(System.getProperty(dev.kurier.testkit.KafkaClusterBuilder.KAFKA_VERSION_PROPERTY, "4.4.0")).append("); client JVMs ").append(String.join(" ", SideBySide.CLIENT_JVM))
                    .append("; 100-byte records.\n\n");
            int turn = 0;
            int run = 0;
            for (int consumers : new int[] {1, 4, 16}) {
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < 2; k++) {
                        boolean kurier = (turn + k) % 2 == 1;
                        String group = "share-" + (run++);
                        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                                List.of(AlterConfigOp.set("share.auto.offset.reset", "earliest")))).all().get();
                        String label = "share-" + consumers + "-" + (kurier ? "kurier" : "kafka") + "-" + round;
                        ForkedRun r = fork(jar, work, label, kurier, "share", b, "share-in", group,
                                Long.toString(records), Integer.toString(consumers));
                        Matcher m = match(SHARE, r);
                        all.add(new Run(r, kurier, "share-" + consumers, Double.parseDouble(m.group(3))));
                    }
                    turn++;
                }
            }
            AtomicBoolean writing = new AtomicBoolean(!shareOnly);
            Thread writer = writer(client, "rebalance-in", writing); // the rebalance runs read a live stream
            for (String protocol : shareOnly ? List.<String>of() : List.of("classic", "consumer")) {
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < 2; k++) {
                        boolean kurier = (turn + k) % 2 == 1;
                        String label = "rebalance-" + protocol + "-" + (kurier ? "kurier" : "kafka") + "-" + round;
                        ForkedRun r = fork(jar, work, label, kurier, "rebalance", b, "rebalance-in",
                                "rebalance-" + (run++), protocol, Integer.toString(PARTITIONS));
                        Matcher m = match(REBALANCE, r);
                        all.add(new Run(r, kurier, "rebalance-" + protocol, Double.parseDouble(m.group(1))));
                    }
                    turn++;
                }
            }
            writing.set(false);
            writer.join();
        }
        report.append("| run | client | result | CPU s |\n|---|---|---:|---:|\n");
        for (Run r : all) {
            report.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f |%n", r.workload(),
                    r.kurier() ? "Kurier" : "kafka-clients", r.run().lastLine(), r.run().cpuSeconds()));
        }
        report.append("\nMedians over ").append(rounds).append(" runs each; share-group reading in records/s (higher is"
                + " better), rebalance in ms until fully fetching (lower is better):\n\n")
                .append("| workload | Kurier | kafka-clients | Kurier / kafka-clients | CPU s ratio |\n")
                .append("|---|---:|---:|---:|---:|\n");
        for (String w : shareOnly ? List.of("share-1", "share-4", "share-16")
                : List.of("share-1", "share-4", "share-16", "rebalance-classic", "rebalance-consumer")) {
            List<Run> ours = all.stream().filter(r -> r.workload().equals(w) && r.kurier()).toList();
            List<Run> theirs = all.stream().filter(r -> r.workload().equals(w) && !r.kurier()).toList();
            double a = median(ours, Run::value);
            double c = median(theirs, Run::value);
            report.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f |%n", w, a, c, a / c,
                    median(ours, r -> r.run().cpuSeconds()) / median(theirs, r -> r.run().cpuSeconds())));
        }
        System.out.println();
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report);
        }
    }

    private static void fill(KurierClient client, String topic, long records, int partitions) {
        byte[] value = TransactionsSideBySide.value();
        try (Producer<byte[], byte[]> p = client.producer(ProducerConfig.builder().set("linger.ms", "5")
                .set("batch.size", "65536").build(), Serdes.bytesSerializer(), Serdes.bytesSerializer())) {
            for (long i = 0; i < records; i++) {
                p.send(new ProducerRecord<>(topic, (int) (i % partitions), null, null, value, List.of()));
            }
            p.flush();
        }
    }

    /** Writes 2,000 records a second over every partition of {@code topic} until {@code writing} turns false. */
    private static Thread writer(KurierClient client, String topic, AtomicBoolean writing) {
        Thread t = new Thread(() -> {
            byte[] value = TransactionsSideBySide.value();
            try (Producer<byte[], byte[]> p = client.producer(ProducerConfig.builder().set("linger.ms", "0").build(),
                    Serdes.bytesSerializer(), Serdes.bytesSerializer())) {
                long next = System.nanoTime();
                for (long i = 0; writing.get(); i++) {
                    p.send(new ProducerRecord<>(topic, (int) (i % PARTITIONS), null, null, value, List.of()));
                    next += 500_000; // 2,000 a second
                    java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                }
            }
        }, "rebalance-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Matcher match(Pattern p, ForkedRun r) {
        Matcher m = p.matcher(r.lastLine());
        if (!m.matches()) {
            throw new IllegalStateException(r.label() + ": unexpected output: " + r.stdout());
        }
        System.out.println(r.label() + ": " + r.lastLine());
        return m;
    }

    private static ForkedRun fork(Path jar, Path work, String label, boolean kurier, String... args) {
        MachineCpu.syncDisks();
        System.out.println("running " + label);
        return ForkedRun.run(label, work, jar, SideBySide.CLIENT_JVM,
                (kurier ? KurierGroups.class : KafkaGroups.class).getName(), List.of(args), 600);
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
