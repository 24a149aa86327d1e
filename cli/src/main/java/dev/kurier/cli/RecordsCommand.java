package dev.kurier.cli;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.PartitionDescription;
import dev.kurier.client.admin.TopicDescription;
import dev.kurier.client.common.TopicPartition;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code kurier records delete}: deletes a topic's records before an offset. */
final class RecordsCommand implements Command {

    private static final Help.Topic HELP = Help.Topic.RECORDS;
    private static final List<Option> DELETE = List.of(Option.value("topic", "-t", "--topic", "TOPIC"),
            Option.value("before-offset", null, "--before-offset", "N"),
            Option.value("partition", "-p", "--partition", "P"));

    private String subcommand;
    private String topic;
    private long beforeOffset;
    private Integer partition;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        Map<String, List<Option>> subcommands = new java.util.LinkedHashMap<>();
        subcommands.put("delete", DELETE);
        subcommand = Kurier.parseSubcommand(args, subcommands, options, HELP);
        if (subcommand == null || options.has("help")) {
            return;
        }
        topic = Values.required(options, "topic", "-t/--topic", HELP);
        Values.required(options, "before-offset", "--before-offset", HELP);
        beforeOffset = Values.longIn(options, "before-offset", "--before-offset", 0, Long.MAX_VALUE, HELP);
        partition = Values.intIn(options, "partition", "-p/--partition", 0, Integer.MAX_VALUE, HELP);
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        PrintStream out = inv.out();
        try (KurierClient client = KurierClient.create(inv.clientConfig(HELP)); Admin admin = client.admin()) {
            Map<TopicPartition, Long> before = new LinkedHashMap<>();
            if (partition != null) {
                before.put(new TopicPartition(topic, partition), beforeOffset);
            } else {
                TopicDescription d = Futures.await(admin.describeTopics(List.of(topic), false).value(topic));
                for (PartitionDescription p : d.partitions()) {
                    before.put(new TopicPartition(topic, p.partition()), beforeOffset);
                }
            }
            AdminResults<TopicPartition, Long> deleted = admin.deleteRecords(before);
            out.println("TOPIC\tPARTITION\tLOW_WATERMARK");
            for (TopicPartition tp : before.keySet()) {
                long low = Futures.await(deleted.value(tp));
                out.println(tp.topic() + "\t" + tp.partition() + "\t" + low);
            }
        }
        out.flush();
        return Kurier.EXIT_OK;
    }
}
