package dev.kurier.cli;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.ClusterDescription;
import dev.kurier.client.common.Node;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code kurier cluster describe}: cluster id, controller and brokers. */
final class ClusterCommand implements Command {

    private static final Help.Topic HELP = Help.Topic.CLUSTER;

    private String subcommand;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        Map<String, List<Option>> subcommands = new java.util.LinkedHashMap<>();
        subcommands.put("describe", List.of());
        subcommand = Kurier.parseSubcommand(args, subcommands, options, HELP);
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        PrintStream out = inv.out();
        try (KurierClient client = KurierClient.create(inv.clientConfig(HELP)); Admin admin = client.admin()) {
            ClusterDescription cluster = Futures.await(admin.describeCluster());
            out.println("ClusterId: " + cluster.clusterId() + "\tController: " + cluster.controllerId());
            cluster.brokers().stream().sorted(Comparator.comparingInt(Node::id)).forEach(n ->
                    out.println("Broker: " + n.id() + "\t" + n.host() + ":" + n.port()
                            + (n.rack() == null ? "" : "\tRack: " + n.rack())));
        }
        out.flush();
        return Kurier.EXIT_OK;
    }
}
