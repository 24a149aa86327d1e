package dev.kurier.testkit.launcher;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.utils.Time;

/**
 * Main class of the forked broker JVM: formats the storage on first start, runs one combined
 * broker+controller KRaft node, and serves the control channel on stdin/stdout.
 *
 * <p>Runs only on the broker's classpath (Kafka jars plus the testkit jar). It is compiled against
 * Kafka 4.1 and uses only API that 3.9 has too ({@code KafkaConfig.fromProps}, {@code
 * KafkaRaftServer(KafkaConfig, Time)}, {@code startup/shutdown/awaitShutdown}).
 *
 * <p>Arguments: {@code --config <server.properties> --node-id <id> --cluster-id <id> --listener
 * <host:port> --cluster-bootstrap <host:port,...> [--format]}.
 */
public final class BrokerLauncher {

    /** Exit status when a listener port is taken: the testkit then retries on other ports. */
    public static final int EXIT_BIND = 2;
    /** Exit status on any other startup failure. */
    public static final int EXIT_FAILED = 1;
    /** How long an orphaned broker (owner gone) may take to shut down before it is halted. */
    private static final long ORPHAN_SHUTDOWN_MS = 15_000;
    /** How long the broker may take, after startup returned, to list itself in metadata. */
    private static final long SELF_CHECK_MS = 30_000;

    private BrokerLauncher() {
    }

    /** Entry point of the forked JVM. */
    public static void main(String[] argv) throws Exception {
        // The real stdout is the control channel; everything else that prints goes to stderr
        // (a file next to the broker log), so that a stray println never corrupts the protocol.
        PrintStream control = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Map<String, String> args = parse(argv);
        Path config = Path.of(require(args, "--config"));
        int nodeId = Integer.parseInt(require(args, "--node-id"));
        String listener = require(args, "--listener");

        KafkaRaftServer server;
        try {
            if (args.containsKey("--format")) {
                StorageFormat.format(config, require(args, "--cluster-id"), System.err);
            }
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                props.load(in);
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            KafkaRaftServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.shutdown();
                started.awaitShutdown();
            }, "kurier-broker-shutdown"));
            server.startup();
            awaitSelfListed(listener, nodeId);
        } catch (Throwable t) {
            boolean bind = isBindFailure(t);
            t.printStackTrace(System.err);
            control.println(ControlProtocol.PREFIX + " " + ControlProtocol.FAILED + " "
                    + ControlProtocol.line(bind ? ControlProtocol.KIND_BIND : ControlProtocol.KIND_ERROR, describe(t)));
            control.flush();
            // Kafka's own threads may still be running: halt, do not wait for them.
            Runtime.getRuntime().halt(bind ? EXIT_BIND : EXIT_FAILED);
            return;
        }

        control.println(ControlProtocol.PREFIX + " " + ControlProtocol.READY);
        serveControlChannel(control, require(args, "--cluster-bootstrap"));

        // stdin closed: the testkit (or its JVM) is gone. Stop cleanly, but never hang around.
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(ORPHAN_SHUTDOWN_MS);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(EXIT_FAILED);
        }, "kurier-orphan-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(0);
    }

    /** Reads commands until end of input, running each on a worker so that slow ones do not block others. */
    private static void serveControlChannel(PrintStream control, String clusterBootstrap) throws IOException {
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "kurier-control");
            thread.setDaemon(true);
            return thread;
        });
        try (TopicCommands commands = new TopicCommands(clusterBootstrap);
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = ControlProtocol.fields(line);
                workers.execute(() -> reply(control, commands, fields));
            }
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void reply(PrintStream control, TopicCommands commands, List<String> fields) {
        String id = fields.isEmpty() ? "0" : fields.get(0);
        String outcome;
        String payload;
        try {
            if (fields.size() < 2) {
                throw new IllegalArgumentException("Command line without a verb");
            }
            payload = commands.run(fields.get(1), fields.subList(2, fields.size()));
            outcome = ControlProtocol.OK;
        } catch (Throwable t) {
            outcome = ControlProtocol.ERR;
            payload = describe(t);
        }
        String line = ControlProtocol.PREFIX + " " + ControlProtocol.REPLY + " " + ControlProtocol.line(id, outcome, payload);
        synchronized (control) {
            control.println(line);
        }
    }

    /**
     * Startup returns once the broker is unfenced; this also checks that its listener answers a
     * metadata request that lists the broker itself, i.e. that it really serves clients.
     */
    private static void awaitSelfListed(String listener, int nodeId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SELF_CHECK_MS);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                MetadataResponseData data = MetadataProbe.fetch(MetadataProbe.host(listener), MetadataProbe.port(listener),
                        List.of(), 5_000);
                if (data.brokers().find(nodeId) != null) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Broker started but did not list itself in metadata on " + listener, last);
    }

    private static boolean isBindFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException) {
                return true;
            }
            String message = c.getMessage();
            if (message != null && message.contains("Address already in use")) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        StringBuilder out = new StringBuilder(String.valueOf(t));
        Throwable c = t.getCause();
        for (int depth = 0; c != null && depth < 5 && c != c.getCause(); depth++, c = c.getCause()) {
            out.append(" <- ").append(c);
        }
        return out.toString();
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String key = argv[i];
            if (!key.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument: " + key);
            }
            if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                args.put(key, argv[++i]);
            } else {
                args.put(key, "");
            }
        }
        return args;
    }

    private static String require(Map<String, String> args, String key) {
        String value = args.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("Missing argument " + key);
        }
        return value;
    }
}
