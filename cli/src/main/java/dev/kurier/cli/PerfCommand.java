package dev.kurier.cli;

import java.util.List;

/** {@code kurier perf produce|consume}: throughput and latency runs, in the shape of Apache Kafka's perf tools. */
final class PerfCommand implements Command {

    private static final Help.Topic HELP = Help.Topic.PERF;

    private Command subcommand;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        List<String> rest = OptionParser.parse(args, Kurier.GLOBAL_OPTIONS, options, true, HELP);
        if (rest.isEmpty()) {
            if (options.has("help")) {
                return;
            }
            throw new UsageException(HELP, "perf needs a subcommand: produce or consume");
        }
        subcommand = switch (rest.get(0)) {
            case "produce" -> new PerfProduce();
            case "consume" -> new PerfConsume();
            default -> throw new UsageException(HELP, "unknown perf subcommand '" + rest.get(0) + "' (produce or consume)");
        };
        subcommand.parse(rest.subList(1, rest.size()), options);
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation invocation) throws Exception {
        return subcommand.run(invocation);
    }
}
