package dev.kurier.benchmarks.spring;

import dev.kurier.testkit.KafkaCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Start-up time of a sample-shaped application with the Kurier starter against the same application without it
 * ({@link StartupApps}), each start in a fresh JVM (cold class loading, as in production), alternating. Measured in
 * the child: {@code SpringApplication.run} until {@link ApplicationReadyEvent}, and JVM start until then. The broker
 * runs before and outside the timing (a testkit broker, or {@code --bootstrap}), so the dev broker is not timed.
 *
 * <p>{@code java -cp benchmarks/target/kurier-benchmarks.jar dev.kurier.benchmarks.spring.StartupTime [--starts 7]
 * [--bootstrap host:port]}
 */
public final class StartupTime {

    private static final List<String> EXCLUDE_KURIER = List.of("dev.kurier.spring.KurierAutoConfiguration",
            "dev.kurier.spring.health.KurierHealthAutoConfiguration",
            "dev.kurier.spring.metrics.KurierMetricsAutoConfiguration",
            "dev.kurier.spring.devbroker.KurierDevBrokerAutoConfiguration",
            "dev.kurier.spring.observation.KurierObservationAutoConfiguration");
    private static final String EXCLUDE_SPRING_KAFKA = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";

    private StartupTime() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        int starts = 7;
        String bootstrap = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--starts" -> starts = Integer.parseInt(args[i + 1]);
                case "--bootstrap" -> bootstrap = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        KafkaCluster cluster = null;
        if (bootstrap == null) {
            cluster = KafkaCluster.builder().start();
            bootstrap = cluster.bootstrapServers();
        }
        try {
            List<long[]> plain = new ArrayList<>();
            List<long[]> kurier = new ArrayList<>();
            for (int i = 0; i <= starts; i++) { // start 0 of each warms the disk cache and is dropped
                long[] p = fork("plain", bootstrap);
                long[] k = fork("kurier", bootstrap);
                System.out.printf(Locale.ROOT, "start %d: without %d ms (JVM %d ms), with Kurier %d ms (JVM %d ms)%n", i,
                        p[0], p[1], k[0], k[1]);
                if (i > 0) {
                    plain.add(p);
                    kurier.add(k);
                }
            }
            System.out.println();
            System.out.println("| application | run -> ready, median (min-max) | JVM start -> ready, median |");
            System.out.println("|---|---:|---:|");
            row("sample shape without the starter (MVC + Actuator)", plain);
            row("sample shape with the Kurier starter", kurier);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static void row(String label, List<long[]> runs) {
        long[] run = runs.stream().mapToLong(r -> r[0]).sorted().toArray();
        long[] jvm = runs.stream().mapToLong(r -> r[1]).sorted().toArray();
        System.out.printf(Locale.ROOT, "| %s | %d ms (%d-%d) | %d ms |%n", label, run[run.length / 2], run[0],
                run[run.length - 1], jvm[jvm.length / 2]);
    }

    private static long[] fork(String mode, String bootstrap) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), mode, bootstrap);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long[] out = null;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.append(line).append('\n');
                if (line.startsWith("STARTUP ")) {
                    String[] parts = line.split(" ");
                    out = new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || out == null) {
            throw new IllegalStateException(mode + " start failed:\n" + log);
        }
        return out;
    }

    /** One start in its own JVM: prints {@code STARTUP <run ms> <jvm ms>} and exits. */
    public static final class Child {
        private Child() {
        }

        /** {@code <plain|kurier> <bootstrap>}. */
        public static void main(String[] args) {
            boolean kurier = args[0].equals("kurier");
            List<String> exclude = new ArrayList<>(List.of(EXCLUDE_SPRING_KAFKA));
            if (!kurier) {
                exclude.addAll(EXCLUDE_KURIER);
            }
            AtomicLong readyAt = new AtomicLong();
            long start = System.nanoTime();
            long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
            ConfigurableApplicationContext ctx = new SpringApplicationBuilder(
                    kurier ? StartupApps.WithKurier.class : StartupApps.Plain.class)
                    .bannerMode(Banner.Mode.OFF)
                    .listeners(e -> {
                        if (e instanceof ApplicationReadyEvent) {
                            readyAt.set(System.nanoTime());
                        }
                    })
                    .properties("spring.config.name=kurier-benchmarks-none", "server.port=0",
                            "server.address=127.0.0.1", "kurier.bootstrap-servers=" + args[1],
                            "kurier.consumer.auto-offset-reset=earliest",
                            "management.endpoints.web.exposure.include=health,metrics",
                            "spring.autoconfigure.exclude=" + String.join(",", exclude))
                    .run();
            long runMs = (readyAt.get() - start) / 1_000_000;
            long jvmMs = System.currentTimeMillis() - jvmStartMs - (System.nanoTime() - readyAt.get()) / 1_000_000;
            System.out.println("STARTUP " + runMs + " " + jvmMs);
            ctx.close();
            System.exit(0);
        }
    }
}
