package dev.kurier.cli;

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
            Option.value("nodes", null, "--nodes", "N"));
    /** The default port: the one {@code -b} defaults to, so the other commands find it without options. */
    static final int DEFAULT_PORT = 9092;

    private int port;
    private int nodes;

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
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        boolean interrupted = false;
        try (KafkaCluster cluster = KafkaCluster.builder().nodes(nodes).port(port).build()) {
            // A cancel during start() is acted on once start() returns: the try block then closes the cluster.
            cluster.start();
            if (!inv.cancellation().isCancelled()) {
                inv.out().println("bootstrap: " + cluster.bootstrapServers());
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
