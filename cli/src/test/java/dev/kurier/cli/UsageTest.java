package dev.kurier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Help, version and usage errors (exit 2): no broker involved. */
class UsageTest {

    private static void assertUsageError(Cli.Result r, String message, String usageLine) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(Kurier.EXIT_USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kurier: " + message).contains(usageLine).contains("--help'.");
    }

    @Test
    void noCommandIsAUsageError() {
        assertUsageError(Cli.run(), "no command given", "Usage: kurier [-b HOST:PORT");
    }

    @Test
    void helpAndVersionGoToStdoutWithExitZero() {
        Cli.Result help = Cli.run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: kurier ").contains("produce", "consume", "topics", "broker",
                "KURIER_BOOTSTRAP_SERVERS", "Exit codes: 0 ok, 1 error");
        assertThat(help.err()).isEmpty();
        assertThat(Cli.run("-h").out()).isEqualTo(help.out());

        Cli.Result version = Cli.run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).matches("kurier \\d+\\.\\d+\\.\\d+\\S*\\n");
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        assertThat(Cli.run("produce", "--help").out()).startsWith("Usage: kurier produce -t TOPIC").contains("-K, --key-delimiter");
        assertThat(Cli.run("consume", "--help").out()).startsWith("Usage: kurier consume -t TOPIC")
                .contains("beginning (the default", "--print-headers", "-g, --group");
        assertThat(Cli.run("topics", "--help").out()).startsWith("Usage: kurier topics create");
        assertThat(Cli.run("topics", "describe", "--help").out()).startsWith("Usage: kurier topics create");
        assertThat(Cli.run("broker", "-h").out()).startsWith("Usage: kurier broker [--port P] [--nodes N]");
        // help wins over missing required options
        Cli.Result r = Cli.run("-b", "h:1", "consume", "-h");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void unknownCommandAndOptionsAreNamed() {
        assertUsageError(Cli.run("prodcue"), "unknown command 'prodcue'", "Usage: kurier [-b");
        assertUsageError(Cli.run("-z", "produce"), "unknown option -z", "Usage: kurier [-b");
        assertUsageError(Cli.run("produce", "-t", "a", "--frobnicate"), "unknown option --frobnicate",
                "Usage: kurier produce");
        assertUsageError(Cli.run("consume", "-t", "a", "extra"), "unexpected argument 'extra'", "Usage: kurier consume");
        assertUsageError(Cli.run("consume", "--print-headers=yes", "-t", "a"), "option --print-headers takes no value",
                "Usage: kurier consume");
    }

    @Test
    void missingAndRepeatedValues() {
        assertUsageError(Cli.run("produce"), "option -t/--topic is required", "Usage: kurier produce");
        assertUsageError(Cli.run("consume", "-t"), "option -t/--topic needs a value (TOPIC)", "Usage: kurier consume");
        assertUsageError(Cli.run("consume", "-t", "a", "-t", "b"), "option -t/--topic given more than once",
                "Usage: kurier consume");
        assertUsageError(Cli.run("-b", "x:1", "consume", "-t", "a", "-b", "y:1"),
                "option -b/--bootstrap-servers given more than once", "Usage: kurier consume");
        assertUsageError(Cli.run("produce", "-t", ""), "option -t/--topic needs a non-empty value", "Usage: kurier produce");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertUsageError(Cli.run("consume", "-t", "a", "-o", "middle"), "option -o/--offset: 'middle' is not beginning, end",
                "Usage: kurier consume");
        assertUsageError(Cli.run("consume", "-t", "a", "-c", "0"), "option -c/--count: 0 is out of range", "Usage: kurier consume");
        assertUsageError(Cli.run("consume", "-t", "a", "-c", "ten"), "option -c/--count: 'ten' is not a number",
                "Usage: kurier consume");
        assertUsageError(Cli.run("consume", "-t", "a", "--idle-timeout-ms", "-5"), "option --idle-timeout-ms: -5 is out of range",
                "Usage: kurier consume");
        assertUsageError(Cli.run("produce", "-t", "a", "-p", "-1"), "option -p/--partition: -1 is out of range",
                "Usage: kurier produce");
        assertUsageError(Cli.run("produce", "-t", "a", "-K", ""), "option -K/--key-delimiter needs a non-empty delimiter",
                "Usage: kurier produce");
        assertUsageError(Cli.run("produce", "-t", "a", "-K", "\\q"), "option -K/--key-delimiter: unknown escape \\q",
                "Usage: kurier produce");
        assertUsageError(Cli.run("produce", "-t", "a", "-H", "=v"), "option -H/--header needs KEY=VALUE",
                "Usage: kurier produce");
        assertUsageError(Cli.run("-X", "linger.ms", "produce", "-t", "a"), "option -X needs KEY=VALUE, got 'linger.ms'",
                "Usage: kurier produce");
        assertUsageError(Cli.run("broker", "--nodes", "0"), "option --nodes: 0 is out of range [1, 9]", "Usage: kurier broker");
        assertUsageError(Cli.run("broker", "--port", "70000"), "option --port: 70000 is out of range", "Usage: kurier broker");
    }

    @Test
    void topicsNeedsAKnownSubcommand() {
        assertUsageError(Cli.run("topics"), "topics needs a subcommand: create, delete, alter, list or describe",
                "Usage: kurier topics create");
        assertUsageError(Cli.run("topics", "drop", "-t", "a"), "unknown topics subcommand 'drop'", "kurier topics delete");
        assertUsageError(Cli.run("topics", "describe"), "option -t/--topic is required", "kurier topics describe");
        assertUsageError(Cli.run("topics", "create", "-t", "a", "--partitions", "0"), "option --partitions: 0 is out of range",
                "kurier topics create");
        assertUsageError(Cli.run("topics", "create", "-t", "a", "--config", "retention.ms"),
                "option --config needs KEY=VALUE, got 'retention.ms'", "kurier topics create");
        assertUsageError(Cli.run("topics", "list", "--partitions", "3"), "unknown option --partitions", "kurier topics list");
        assertUsageError(Cli.run("topics", "alter", "-t", "a"), "option --partitions is required", "kurier topics alter");
    }

    @Test
    void groupConsumptionRefusesPartitionAndAbsoluteOffsets() {
        assertUsageError(Cli.run("consume", "-t", "orders", "-g", "billing", "-p", "1"), "-p cannot be used with -g",
                "Usage: kurier consume");
        assertUsageError(Cli.run("consume", "-t", "orders", "-g", "billing", "-o", "5"), "with -g, -o can only be",
                "Usage: kurier consume");
    }

    @Test
    void groupsNeedsASubcommandAndDescribeNeedsAGroup() {
        assertUsageError(Cli.run("groups"), "groups needs a subcommand", "Usage: kurier groups list");
        assertUsageError(Cli.run("groups", "show"), "unknown groups subcommand 'show'", "Usage: kurier groups list");
        assertUsageError(Cli.run("groups", "describe"), "option -g/--group is required", "Usage: kurier groups list");
    }
}
