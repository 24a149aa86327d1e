package dev.kurier.cli;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.cluster.PartitionInfo;
import dev.kurier.client.cluster.TopicInfo;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code kurier topics create|delete|alter|list|describe}. */
final class TopicsCommand implements Command {

    private static final Help.Topic HELP = Help.Topic.TOPICS;
    private static final Option TOPIC = Option.value("topic", "-t", "--topic", "TOPIC");
    private static final List<Option> CREATE_OPTIONS = List.of(TOPIC,
            Option.value("partitions", null, "--partitions", "N"),
            Option.value("replication-factor", null, "--replication-factor", "R"),
            Option.repeatable("topic-config", null, "--config", "KEY=VALUE"));
    private static final List<Option> TOPIC_ONLY = List.of(TOPIC);

    private String subcommand;
    private String topic;
    private int partitions = -1;
    private short replicationFactor = -1;
    private final Map<String, String> topicConfigs = new LinkedHashMap<>();

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        java.util.Map<String, List<Option>> subcommands = new java.util.LinkedHashMap<>();
        subcommands.put("create", CREATE_OPTIONS);
        subcommands.put("delete", TOPIC_ONLY);
        subcommands.put("alter", List.of(TOPIC, Option.value("partitions", null, "--partitions", "N")));
        subcommands.put("list", List.of());
        subcommands.put("describe", TOPIC_ONLY);
        subcommand = Kurier.parseSubcommand(args, subcommands, options, HELP);
        if (subcommand == null) {
            return;
        }
        if (options.has("help") || subcommand.equals("list")) {
            return;
        }
        topic = Values.required(options, "topic", "-t/--topic", HELP);
        if (subcommand.equals("alter")) {
            Values.required(options, "partitions", "--partitions", HELP);
            partitions = Values.intIn(options, "partitions", "--partitions", 1, Integer.MAX_VALUE, HELP);
        }
        if (subcommand.equals("create")) {
            Integer p = Values.intIn(options, "partitions", "--partitions", 1, Integer.MAX_VALUE, HELP);
            Integer rf = Values.intIn(options, "replication-factor", "--replication-factor", 1, Short.MAX_VALUE, HELP);
            partitions = p == null ? -1 : p;
            replicationFactor = rf == null ? -1 : rf.shortValue();
            for (String kv : options.all("topic-config")) {
                String[] pair = Values.keyValue(kv, "--config", HELP);
                topicConfigs.put(pair[0], pair[1]);
            }
        }
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        PrintStream out = inv.out();
        try (KurierClient client = KurierClient.create(inv.clientConfig(HELP)); Admin admin = client.admin()) {
            switch (subcommand) {
                case "create" -> {
                    Futures.await(admin.createTopics(List.of(
                            new NewTopic(topic, partitions, replicationFactor, topicConfigs))).all());
                    out.println("created topic " + topic);
                }
                case "alter" -> {
                    Futures.await(admin.createPartitions(Map.of(topic, partitions)).value(topic));
                    out.println("topic " + topic + " now has " + partitions + " partitions");
                }
                case "delete" -> {
                    Futures.await(admin.deleteTopics(List.of(topic)).all());
                    out.println("deleted topic " + topic);
                }
                case "list" -> {
                    Set<String> names = Futures.await(admin.listTopics());
                    names.stream().sorted().forEach(out::println);
                }
                case "describe" -> describe(out, Futures.await(admin.describeTopics(List.of(topic))).get(topic));
                default -> throw new IllegalStateException("unhandled subcommand " + subcommand);
            }
        }
        out.flush();
        return Kurier.EXIT_OK;
    }

    private static void describe(PrintStream out, TopicInfo t) {
        int rf = t.partitions().isEmpty() ? 0 : t.partitions().get(0).replicas().size();
        out.println("Topic: " + t.name() + "\tTopicId: " + t.topicId() + "\tPartitionCount: " + t.partitionCount()
                + "\tReplicationFactor: " + rf);
        for (PartitionInfo p : t.partitions()) {
            StringBuilder line = new StringBuilder()
                    .append("Topic: ").append(t.name())
                    .append("\tPartition: ").append(p.partition().partition())
                    .append("\tLeader: ").append(p.hasLeader() ? String.valueOf(p.leader()) : "none")
                    .append("\tReplicas: ").append(join(p.replicas()))
                    .append("\tIsr: ").append(join(p.isr()));
            if (p.offline() != null && !p.offline().isEmpty()) {
                line.append("\tOffline: ").append(join(p.offline()));
            }
            out.println(line);
        }
    }

    private static String join(List<Integer> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
