package dev.kurier.cli;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.AlterConfigOp;
import dev.kurier.client.admin.ConfigEntry;
import dev.kurier.client.admin.ConfigResource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code kurier configs describe|alter}: a topic's or a broker's configs. */
final class ConfigsCommand implements Command {

    private static final Help.Topic HELP = Help.Topic.CONFIGS;
    private static final Option TOPIC = Option.value("topic", "-t", "--topic", "TOPIC");
    private static final Option BROKER = Option.value("broker", null, "--broker", "ID");
    private static final List<Option> DESCRIBE = List.of(TOPIC, BROKER, Option.flag("all", null, "--all"));
    private static final List<Option> ALTER = List.of(TOPIC, BROKER,
            Option.repeatable("set", null, "--set", "KEY=VALUE"), Option.repeatable("delete", null, "--delete", "KEY"));

    private String subcommand;
    private ConfigResource resource;
    private boolean all;
    private final List<AlterConfigOp> changes = new ArrayList<>();

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        Map<String, List<Option>> subcommands = new java.util.LinkedHashMap<>();
        subcommands.put("describe", DESCRIBE);
        subcommands.put("alter", ALTER);
        subcommand = Kurier.parseSubcommand(args, subcommands, options, HELP);
        if (subcommand == null || options.has("help")) {
            return;
        }
        if (options.has("topic") == options.has("broker")) {
            throw new UsageException(HELP, "give exactly one of -t/--topic and --broker");
        }
        if (options.has("topic")) {
            resource = ConfigResource.topic(Values.required(options, "topic", "-t/--topic", HELP));
        } else {
            Integer id = Values.intIn(options, "broker", "--broker", 0, Integer.MAX_VALUE, HELP);
            resource = ConfigResource.broker(id);
        }
        all = options.has("all");
        if (subcommand.equals("alter")) {
            for (String kv : options.all("set")) {
                String[] pair = Values.keyValue(kv, "--set", HELP);
                changes.add(AlterConfigOp.set(pair[0], pair[1]));
            }
            for (String key : options.all("delete")) {
                if (key.isBlank()) {
                    throw new UsageException(HELP, "option --delete needs a config key");
                }
                changes.add(AlterConfigOp.delete(key));
            }
            if (changes.isEmpty()) {
                throw new UsageException(HELP, "alter needs at least one --set KEY=VALUE or --delete KEY");
            }
        }
    }

    /** A topic's own configs (not the broker defaults it inherits); a broker's non-default ones. */
    private boolean setOnThisResource(ConfigEntry e) {
        return resource.type() == ConfigResource.Type.TOPIC ? e.source() == ConfigEntry.Source.DYNAMIC_TOPIC_CONFIG
                : !e.isDefault();
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        PrintStream out = inv.out();
        try (KurierClient client = KurierClient.create(inv.clientConfig(HELP)); Admin admin = client.admin()) {
            if (subcommand.equals("describe")) {
                Map<String, ConfigEntry> entries = Futures.await(admin.describeConfigs(List.of(resource))
                        .value(resource));
                entries.values().stream().filter(e -> all || setOnThisResource(e))
                        .sorted(java.util.Comparator.comparing(ConfigEntry::name))
                        .forEach(e -> out.println(e.name() + "=" + (e.sensitive() ? "(sensitive)" : e.value()) + "\t"
                                + e.source()));
            } else {
                Futures.await(admin.incrementalAlterConfigs(Map.of(resource, changes)).value(resource));
                out.println("altered configs of " + resource);
            }
        }
        out.flush();
        return Kurier.EXIT_OK;
    }
}
