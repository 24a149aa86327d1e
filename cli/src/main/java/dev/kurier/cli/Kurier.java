package dev.kurier.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kurier} command: {@code kurier [GLOBAL OPTIONS] COMMAND [OPTIONS]}, in kcat's habits.
 * {@link #run(String[], InputStream, PrintStream, PrintStream)} runs a command line in-process and returns its
 * exit code: {@value #EXIT_OK} ok, {@value #EXIT_ERROR} error (one line on stderr), {@value #EXIT_USAGE} usage
 * error (the message and the command's usage on stderr). {@link #main} calls it and exits with the code.
 */
public final class Kurier {

    /** Success. */
    public static final int EXIT_OK = 0;
    /** A failure: the broker, the network, the data, a config value. */
    public static final int EXIT_ERROR = 1;
    /** A malformed command line (or input line that breaks what the command line promised). */
    public static final int EXIT_USAGE = 2;

    /** Options every command accepts, before or after the command word. */
    static final List<Option> GLOBAL_OPTIONS = List.of(
            Option.value("bootstrap-servers", "-b", "--bootstrap-servers", "HOST:PORT[,HOST:PORT]"),
            Option.repeatable("config-property", "-X", "--config-property", "KEY=VALUE"),
            Option.repeatable("config-file", "-F", "--config-file", "FILE"),
            new Option("verbose", "-v", "--verbose", null, true),
            new Option("help", "-h", "--help", null, true));
    private static final List<Option> MAIN_OPTIONS = concat(GLOBAL_OPTIONS,
            List.of(Option.flag("version", null, "--version")));

    /** How long the shutdown hook lets a cancelled command finish (a broker's clean shutdown). */
    private static final long SHUTDOWN_WAIT_SECONDS = 60;

    private Kurier() {
    }

    /** Runs the command line and exits with its code; Ctrl-C and SIGTERM stop the command cleanly. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Cancellation cancellation = new Cancellation();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancellation.cancel();
            try {
                if (cancellation.awaitCommandOnCancel()) {
                    finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
        }, "kurier-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code;
        try {
            code = run(args, System.in, out, err, System.getenv(), cancellation);
        } finally {
            out.flush();
            finished.countDown();
        }
        System.exit(code);
    }

    /**
     * Runs one command line in this JVM.
     *
     * @param args the arguments after {@code kurier}
     * @param in   stdin (records for {@code produce})
     * @param out  stdout (records, results, help)
     * @param err  stderr (errors, usage errors)
     * @return the exit code
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, System.getenv(), new Cancellation());
    }

    /** {@link #run(String[], InputStream, PrintStream, PrintStream)} with the environment and a cancellation given. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                   Cancellation cancellation) {
        ParsedOptions options = new ParsedOptions();
        Runnable restoreLogging = () -> { };
        try {
            List<String> rest = OptionParser.parse(Arrays.asList(args), MAIN_OPTIONS, options, true, Help.Topic.MAIN);
            if (options.has("version")) {
                out.println("kurier " + version());
                out.flush();
                return EXIT_OK;
            }
            if (rest.isEmpty()) {
                if (options.has("help")) {
                    out.print(Help.Topic.MAIN.full());
                    out.flush();
                    return EXIT_OK;
                }
                throw new UsageException(Help.Topic.MAIN, "no command given");
            }
            Command command = command(rest.get(0));
            command.parse(rest.subList(1, rest.size()), options);
            if (options.has("help")) {
                out.print(command.help().full());
                out.flush();
                return EXIT_OK;
            }
            if (options.has("verbose")) {
                restoreLogging = Logging.verbose();
            }
            return command.run(new Invocation(in, out, err, env, options, cancellation));
        } catch (UsageException e) {
            Help.Topic help = e.help() == null ? Help.Topic.MAIN : e.help();
            err.println("kurier: " + e.getMessage());
            err.print(help.usage());
            err.println(help.hint());
            err.flush();
            return EXIT_USAGE;
        } catch (Exception | LinkageError e) {
            ErrorReport.print(err, e, options.has("verbose"));
            return EXIT_ERROR;
        } finally {
            out.flush();
            restoreLogging.run();
        }
    }

    /** Parses a command's arguments: its own options and the global ones, no positional arguments. */
    static void parseCommandArgs(List<String> args, List<Option> own, ParsedOptions options, Help.Topic help) {
        List<String> positionals = OptionParser.parse(args, concat(own, GLOBAL_OPTIONS), options, false, help);
        if (!positionals.isEmpty()) {
            throw new UsageException(help, "unexpected argument '" + positionals.get(0) + "'");
        }
    }

    /**
     * Parses {@code COMMAND SUBCOMMAND [options]}: returns the subcommand, having parsed its own options (from
     * {@code subcommands}, by name) and the global ones; {@code null} when only --help was asked for.
     */
    static String parseSubcommand(List<String> args, Map<String, List<Option>> subcommands, ParsedOptions options,
                                  Help.Topic help) {
        List<String> rest = OptionParser.parse(args, GLOBAL_OPTIONS, options, true, help);
        List<String> keys = List.copyOf(subcommands.keySet());
        String names = keys.size() == 1 ? keys.get(0)
                : String.join(", ", keys.subList(0, keys.size() - 1)) + " or " + keys.get(keys.size() - 1);
        if (rest.isEmpty()) {
            if (options.has("help")) {
                return null;
            }
            throw new UsageException(help, help.name().toLowerCase(java.util.Locale.ROOT) + " needs a subcommand: " + names);
        }
        String sub = rest.get(0);
        List<Option> own = subcommands.get(sub);
        if (own == null) {
            throw new UsageException(help, "unknown " + help.name().toLowerCase(java.util.Locale.ROOT) + " subcommand '"
                    + sub + "' (" + names + ")");
        }
        parseCommandArgs(rest.subList(1, rest.size()), own, options, help);
        return sub;
    }

    private static Command command(String name) {
        return switch (name) {
            case "produce" -> new ProduceCommand();
            case "consume" -> new ConsumeCommand();
            case "topics" -> new TopicsCommand();
            case "groups" -> new GroupsCommand();
            case "configs" -> new ConfigsCommand();
            case "records" -> new RecordsCommand();
            case "cluster" -> new ClusterCommand();
            case "acls" -> new AclsCommand();
            case "broker" -> new BrokerCommand();
            case "perf" -> new PerfCommand();
            default -> throw new UsageException(Help.Topic.MAIN, "unknown command '" + name
                    + "' (produce, consume, topics, groups, configs, records, acls, cluster, perf or broker)");
        };
    }

    /** This build's version (from the jar's build), or "unknown". */
    static String version() {
        try (InputStream in = Kurier.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v.trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
