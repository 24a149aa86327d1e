package dev.kurier.cli;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.GroupListing;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.serialization.Serdes;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code kurier groups list|describe}: consumer groups, their committed offsets, end offsets and lag. */
final class GroupsCommand implements Command {

    private static final Help.Topic HELP = Help.Topic.GROUPS;
    private static final List<Option> DESCRIBE_OPTIONS = List.of(Option.value("group", "-g", "--group", "GROUP"));

    private String subcommand;
    private String group;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        java.util.Map<String, List<Option>> subcommands = new java.util.LinkedHashMap<>();
        subcommands.put("list", List.of());
        subcommands.put("describe", DESCRIBE_OPTIONS);
        subcommand = Kurier.parseSubcommand(args, subcommands, options, HELP);
        if (subcommand == null) {
            return;
        }
        if (options.has("help") || subcommand.equals("list")) {
            return;
        }
        group = Values.required(options, "group", "-g/--group", HELP);
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        PrintStream out = inv.out();
        Map<String, Object> config = inv.clientConfig(HELP);
        try (KurierClient client = KurierClient.create(config); Admin admin = client.admin()) {
            if (subcommand.equals("list")) {
                for (GroupListing g : Futures.await(admin.listGroups())) {
                    out.println(g.groupId() + "\t" + g.state());
                }
            } else {
                Map<TopicPartition, Long> committed = Futures.await(admin.listGroupOffsets(group));
                Map<TopicPartition, Long> end;
                try (Consumer<byte[], byte[]> reader = client.consumer(ConsumerConfig.from(config),
                        Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
                    end = committed.isEmpty() ? Map.of() : reader.endOffsets(committed.keySet());
                }
                out.println("TOPIC\tPARTITION\tCOMMITTED\tEND\tLAG");
                for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
                    Long endOffset = end.get(e.getKey());
                    String lag = endOffset == null ? "-" : String.valueOf(Math.max(0, endOffset - e.getValue()));
                    out.println(e.getKey().topic() + "\t" + e.getKey().partition() + "\t" + e.getValue() + "\t"
                            + (endOffset == null ? "-" : endOffset) + "\t" + lag);
                }
            }
        }
        out.flush();
        return Kurier.EXIT_OK;
    }
}
