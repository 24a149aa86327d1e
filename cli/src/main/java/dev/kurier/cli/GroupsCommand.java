package dev.kurier.cli;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.GroupDescription;
import dev.kurier.client.admin.GroupListing;
import dev.kurier.client.admin.ListedOffset;
import dev.kurier.client.admin.OffsetSpec;
import dev.kurier.client.admin.PartitionDescription;
import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.serialization.Serdes;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kurier groups list|describe|delete|reset-offsets}: consumer groups, their committed offsets, end offsets
 * and lag; deleting a group; moving a group's committed offsets (a dry run unless {@code --execute}).
 */
final class GroupsCommand implements Command {

    private static final Help.Topic HELP = Help.Topic.GROUPS;
    private static final Option GROUP = Option.value("group", "-g", "--group", "GROUP");
    private static final List<Option> RESET = List.of(GROUP, Option.value("topic", "-t", "--topic", "TOPIC"),
            Option.flag("to-earliest", null, "--to-earliest"), Option.flag("to-latest", null, "--to-latest"),
            Option.value("to-offset", null, "--to-offset", "N"), Option.value("shift-by", null, "--shift-by", "N"),
            Option.value("to-datetime", null, "--to-datetime", "ISO-8601"), Option.flag("execute", null, "--execute"));

    private String subcommand;
    private String group;
    private String topic;
    private String target;
    private long targetValue;
    private boolean execute;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        Map<String, List<Option>> subcommands = new java.util.LinkedHashMap<>();
        subcommands.put("list", List.of());
        subcommands.put("describe", List.of(GROUP));
        subcommands.put("delete", List.of(GROUP));
        subcommands.put("reset-offsets", RESET);
        subcommand = Kurier.parseSubcommand(args, subcommands, options, HELP);
        if (subcommand == null || options.has("help") || subcommand.equals("list")) {
            return;
        }
        group = Values.required(options, "group", "-g/--group", HELP);
        if (subcommand.equals("reset-offsets")) {
            topic = Values.required(options, "topic", "-t/--topic", HELP);
            List<String> given = new java.util.ArrayList<>();
            for (String t : List.of("to-earliest", "to-latest", "to-offset", "shift-by", "to-datetime")) {
                if (options.has(t)) {
                    given.add(t);
                }
            }
            if (given.size() != 1) {
                throw new UsageException(HELP, "reset-offsets needs exactly one of --to-earliest, --to-latest, "
                        + "--to-offset N, --shift-by N, --to-datetime ISO-8601" + (given.isEmpty() ? "" : "; got --"
                        + String.join(", --", given)));
            }
            target = given.get(0);
            switch (target) {
                case "to-offset" -> targetValue = Values.longIn(options, "to-offset", "--to-offset", 0, Long.MAX_VALUE, HELP);
                case "shift-by" -> targetValue = Values.longIn(options, "shift-by", "--shift-by", Long.MIN_VALUE + 1,
                        Long.MAX_VALUE, HELP);
                case "to-datetime" -> {
                    String when = options.get("to-datetime");
                    try {
                        targetValue = Instant.parse(when).toEpochMilli();
                    } catch (DateTimeParseException e) {
                        throw new UsageException(HELP, "option --to-datetime: '" + when + "' is not an ISO-8601 "
                                + "instant such as 2026-12-07T08:00:00Z");
                    }
                }
                default -> { }
            }
            execute = options.has("execute");
        }
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
            switch (subcommand) {
                case "list" -> {
                    for (GroupListing g : Futures.await(admin.listGroups())) {
                        out.println(g.groupId() + "\t" + g.state() + "\t" + typeOf(g.type(), g.protocolType()));
                    }
                }
                case "describe" -> describe(out, client, admin, config);
                case "delete" -> {
                    Futures.await(admin.deleteGroups(List.of(group)).value(group));
                    out.println("deleted group " + group);
                }
                case "reset-offsets" -> resetOffsets(out, admin);
                default -> throw new IllegalStateException("unhandled subcommand " + subcommand);
            }
        }
        out.flush();
        return Kurier.EXIT_OK;
    }

    /** The group type as brokers name it (classic, consumer, share, streams); classic from brokers that do not say. */
    private static String typeOf(String type, String protocolType) {
        return type == null || type.isEmpty() ? (protocolType == null || protocolType.isEmpty() ? "-" : "classic")
                : type;
    }

    /**
     * The group's header line, then per partition its committed offset (a share group: its start offset, the next
     * record it delivers from), the end offset and the lag.
     */
    private void describe(PrintStream out, KurierClient client, Admin admin, Map<String, Object> config) {
        boolean share = false;
        try {
            GroupDescription d = Futures.await(admin.describeGroups(List.of(group)).value(group));
            share = SHARE.equals(d.type());
            out.println("GROUP " + group + "\tTYPE " + typeOf(d.type(), d.protocolType()) + "\tSTATE " + d.state()
                    + "\tMEMBERS " + d.members().size()
                    + (d.protocol() == null || d.protocol().isEmpty() ? "" : "\tASSIGNOR " + d.protocol()));
        } catch (KafkaErrorException e) {
            if (e.error() != Errors.GROUP_ID_NOT_FOUND) {
                throw e;
            }
        }
        Map<TopicPartition, Long> committed = Futures.await(share ? admin.listShareGroupOffsets(group)
                : admin.listGroupOffsets(group));
        Map<TopicPartition, Long> end;
        try (Consumer<byte[], byte[]> reader = client.consumer(ConsumerConfig.from(config),
                Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
            end = committed.isEmpty() ? Map.of() : reader.endOffsets(committed.keySet());
        }
        out.println("TOPIC\tPARTITION\t" + (share ? "START" : "COMMITTED") + "\tEND\tLAG");
        for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
            Long endOffset = end.get(e.getKey());
            String lag = endOffset == null ? "-" : String.valueOf(Math.max(0, endOffset - e.getValue()));
            out.println(e.getKey().topic() + "\t" + e.getKey().partition() + "\t" + e.getValue() + "\t"
                    + (endOffset == null ? "-" : endOffset) + "\t" + lag);
        }
    }

    /** Prints the plan TOPIC PARTITION OLD NEW; with --execute applies it, refusing while the group has members. */
    private void resetOffsets(PrintStream out, Admin admin) {
        GroupDescription described = described(admin);
        int members = described == null ? 0 : described.members().size();
        boolean share = described != null && SHARE.equals(described.type());
        if (members > 0) {
            throw new KurierException("group '" + group + "' has " + members + " active member(s): stop them before "
                    + "resetting its offsets");
        }
        List<PartitionDescription> partitions = Futures.await(admin.describeTopics(List.of(topic), false).value(topic))
                .partitions();
        Map<TopicPartition, Long> committed = Futures.await(share ? admin.listShareGroupOffsets(group)
                : admin.listGroupOffsets(group));
        Map<TopicPartition, OffsetSpec> earliestSpec = new LinkedHashMap<>();
        Map<TopicPartition, OffsetSpec> latestSpec = new LinkedHashMap<>();
        for (PartitionDescription p : partitions) {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            earliestSpec.put(tp, OffsetSpec.earliest());
            latestSpec.put(tp, OffsetSpec.latest());
        }
        Map<TopicPartition, ListedOffset> earliest = Futures.await(admin.listOffsets(earliestSpec).all());
        Map<TopicPartition, ListedOffset> latest = Futures.await(admin.listOffsets(latestSpec).all());
        Map<TopicPartition, ListedOffset> atTime = Map.of();
        if (target.equals("to-datetime")) {
            Map<TopicPartition, OffsetSpec> timeSpec = new LinkedHashMap<>();
            earliestSpec.keySet().forEach(tp -> timeSpec.put(tp, OffsetSpec.forTimestamp(targetValue)));
            atTime = Futures.await(admin.listOffsets(timeSpec).all());
        }
        Map<TopicPartition, OffsetAndMetadata> plan = new LinkedHashMap<>();
        out.println("TOPIC\tPARTITION\tOLD\tNEW");
        for (TopicPartition tp : earliestSpec.keySet()) {
            long low = earliest.get(tp).offset();
            long high = latest.get(tp).offset();
            Long old = committed.get(tp);
            long wanted = switch (target) {
                case "to-earliest" -> low;
                case "to-latest" -> high;
                case "to-offset" -> targetValue;
                case "shift-by" -> (old == null ? low : old) + targetValue;
                case "to-datetime" -> atTime.get(tp).offset() < 0 ? high : atTime.get(tp).offset();
                default -> throw new IllegalStateException(target);
            };
            long next = Math.max(low, Math.min(high, wanted));
            plan.put(tp, new OffsetAndMetadata(next, -1, ""));
            out.println(tp.topic() + "\t" + tp.partition() + "\t" + (old == null ? "-" : old) + "\t" + next);
        }
        if (!execute) {
            out.println("dry run: nothing changed; add --execute to apply");
            return;
        }
        Map<TopicPartition, Long> starts = new LinkedHashMap<>();
        plan.forEach((tp, om) -> starts.put(tp, om.offset()));
        AdminResults<TopicPartition, Void> applied = share ? admin.alterShareGroupOffsets(group, starts)
                : admin.alterGroupOffsets(group, plan);
        Futures.await(applied.all());
        out.println("reset " + plan.size() + " offset(s) of group " + group);
    }

    /** The group, or null when it does not exist yet (its first offsets are being set). */
    private GroupDescription described(Admin admin) {
        try {
            return Futures.await(admin.describeGroups(List.of(group)).value(group));
        } catch (KafkaErrorException e) {
            if (e.error() == Errors.GROUP_ID_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** What brokers call a share group (KIP-932). */
    private static final String SHARE = "share";
}
