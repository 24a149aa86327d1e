package dev.kurier.cli;

import dev.kurier.testkit.KafkaClusterBuilder;
import dev.kurier.testkit.security.SecureListeners;
import dev.kurier.testkit.security.TestCertificates;
import java.nio.file.Path;
import java.util.Properties;

import dev.kurier.testkit.KafkaCluster;
import java.util.List;

/**
 * {@code kurier broker}: runs the testkit's real Kafka cluster on loopback, prints its bootstrap servers once
 * it serves clients, and closes it when cancelled (Ctrl-C, SIGTERM) or interrupted.
 */
final class BrokerCommand implements Command {

    private static final Help.Topic HELP = Help.Topic.BROKER;
    private static final List<Option> OPTIONS = List.of(
            Option.value("port", null, "--port", "P"),
            Option.value("nodes", null, "--nodes", "N"),
            Option.value("secure", null, "--secure", "DIR"));
    /** The default port: the one {@code -b} defaults to, so the other commands find it without options. */
    static final int DEFAULT_PORT = 9092;

    private int port;
    private int nodes;
    private Path secureDir;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        Kurier.parseCommandArgs(args, OPTIONS, options, HELP);
        if (options.has("help")) {
            return;
        }
        Integer p = Values.intIn(options, "port", "--port", 0, 65_535, HELP);
        Integer n = Values.intIn(options, "nodes", "--nodes", 1, 9, HELP);
        port = p == null ? DEFAULT_PORT : p;
        nodes = n == null ? 1 : n;
        String secure = options.get("secure");
        secureDir = secure == null ? null : Path.of(secure);
    }

    /** Writes a client properties file per secured listener (secrets stay in the files) and prints where they are. */
    private void printSecureListeners(Invocation inv, KafkaCluster cluster, SecureListeners secure) {
        String[][] kinds = {{SecureListeners.SSL, "none", "ssl"}, {SecureListeners.MTLS, "none", "mtls"},
                {SecureListeners.SASL_PLAINTEXT, "SCRAM-SHA-256", "sasl-plaintext"},
                {SecureListeners.SASL_SSL, "SCRAM-SHA-512", "sasl-ssl"}};
        for (String[] k : kinds) {
            Properties props = new Properties();
            props.putAll(secure.clientProperties(cluster, k[0], k[1]));
            Path file = secureDir.resolve("client-" + k[2] + ".properties");
            try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file)) {
                props.store(w, "kurier broker --secure: " + k[0] + " listener");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + file, e);
            }
            inv.out().println(k[0].toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": "
                    + cluster.bootstrapServers(k[0]) + " (-F " + file + ")");
        }
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        boolean interrupted = false;
        KafkaClusterBuilder builder = KafkaCluster.builder().nodes(nodes).port(port);
        SecureListeners secure = secureDir == null ? null
                : SecureListeners.configure(builder, TestCertificates.create(secureDir));
        try (KafkaCluster cluster = builder.build()) {
            // A cancel during start() is acted on once start() returns: the try block then closes the cluster.
            cluster.start();
            if (!inv.cancellation().isCancelled()) {
                inv.out().println("bootstrap: " + cluster.bootstrapServers());
                if (secure != null) {
                    printSecureListeners(inv, cluster, secure);
                }
                inv.out().flush();
                try {
                    inv.cancellation().await();
                } catch (InterruptedException e) {
                    // an interrupt stops the broker like a cancel; the flag is restored after the clean close
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return Kurier.EXIT_OK;
    }
}
