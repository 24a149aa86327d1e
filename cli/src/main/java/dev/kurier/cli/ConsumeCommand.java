package dev.kurier.cli;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.group.ConsumerRebalanceListener;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.group.RebalanceInProgressException;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.serialization.Serdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code kurier consume}: assigns every partition of the topic (or the one of {@code -p}), starts where
 * {@code -o} says and prints records until {@code -c} records, {@code --idle-timeout-ms} without a record, or
 * cancellation. With {@code -g} it joins the consumer group instead and commits what it printed.
 */
final class ConsumeCommand implements Command {

    /** How long the final commit may wait for a rebalance under way to finish. */
    private static final long FINAL_COMMIT_MS = 30_000;

    private static final Help.Topic HELP = Help.Topic.CONSUME;
    private static final List<Option> OPTIONS = List.of(
            Option.value("topic", "-t", "--topic", "TOPIC"),
            Option.value("group", "-g", "--group", "GROUP"),
            Option.value("offset", "-o", "--offset", "beginning|end|OFFSET|-N"),
            Option.value("partition", "-p", "--partition", "PARTITION"),
            Option.value("count", "-c", "--count", "COUNT"),
            Option.value("idle-timeout-ms", null, "--idle-timeout-ms", "MS"),
            Option.value("key-delimiter", "-K", "--key-delimiter", "SEP"),
            Option.flag("print-headers", null, "--print-headers"),
            Option.value("isolation", null, "--isolation", "read_committed|read_uncommitted"),
            Option.value("share-group", null, "--share-group", "GROUP"),
            Option.flag("release", null, "--release"),
            Option.flag("reject", null, "--reject"));
    /** Longest single poll, so that cancellation and the idle timeout are noticed promptly. */
    private static final long MAX_POLL_MS = 500;

    private String topic;
    private StartOffset start;
    private Integer partition;
    private Long count;
    private Long idleTimeoutMs;
    private byte[] keyDelimiter;
    private boolean printHeaders;
    private String group;
    private String isolation;
    private String shareGroup;
    private dev.kurier.client.consumer.AcknowledgeType shareOutcome = dev.kurier.client.consumer.AcknowledgeType.ACCEPT;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        Kurier.parseCommandArgs(args, OPTIONS, options, HELP);
        if (options.has("help")) {
            return;
        }
        topic = Values.required(options, "topic", "-t/--topic", HELP);
        start = StartOffset.parse(options.get("offset") == null ? "beginning" : options.get("offset"), HELP);
        group = options.get("group");
        if (group != null) {
            if (group.isBlank()) {
                throw new UsageException(HELP, "-g/--group needs a group id");
            }
            if (options.has("partition")) {
                throw new UsageException(HELP, "-p cannot be used with -g: the group assigns the partitions");
            }
            if (start.kind() != StartOffset.Kind.BEGINNING && start.kind() != StartOffset.Kind.END) {
                throw new UsageException(HELP, "with -g, -o can only be beginning or end (where partitions without a "
                        + "committed offset start)");
            }
        }
        shareGroup = options.get("share-group");
        if (shareGroup != null) {
            if (shareGroup.isBlank() || group != null || options.has("partition") || options.has("offset")) {
                throw new UsageException(HELP, "--share-group needs a group id and goes without -g, -p and -o (the"
                        + " share group decides what each member reads)");
            }
            if (options.has("release") && options.has("reject")) {
                throw new UsageException(HELP, "--release and --reject exclude each other");
            }
            shareOutcome = options.has("release") ? dev.kurier.client.consumer.AcknowledgeType.RELEASE
                    : options.has("reject") ? dev.kurier.client.consumer.AcknowledgeType.REJECT
                    : dev.kurier.client.consumer.AcknowledgeType.ACCEPT;
        } else if (options.has("release") || options.has("reject")) {
            throw new UsageException(HELP, "--release and --reject go with --share-group");
        }
        partition = Values.intIn(options, "partition", "-p/--partition", 0, Integer.MAX_VALUE, HELP);
        count = Values.longIn(options, "count", "-c/--count", 1, Long.MAX_VALUE, HELP);
        idleTimeoutMs = Values.longIn(options, "idle-timeout-ms", "--idle-timeout-ms", 1, Long.MAX_VALUE, HELP);
        String k = options.get("key-delimiter");
        keyDelimiter = k == null ? null : Delimiter.parse(k, "-K/--key-delimiter", HELP);
        printHeaders = options.has("print-headers");
        isolation = options.get("isolation");
        if (isolation != null && !isolation.equals("read_committed") && !isolation.equals("read_uncommitted")) {
            throw new UsageException(HELP, "option --isolation: '" + isolation
                    + "' is not read_committed or read_uncommitted");
        }
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        Map<String, Object> config = new java.util.LinkedHashMap<>(inv.clientConfig(HELP));
        if (isolation != null) {
            config.put("isolation.level", isolation);
        }
        if (group != null) {
            config.put("group.id", group);
            config.putIfAbsent("auto.offset.reset", start.kind() == StartOffset.Kind.END ? "latest" : "earliest");
            // Commit exactly what was printed: a poll may return more records than -c lets through.
            config.put("enable.auto.commit", "false");
        }
        if (shareGroup != null) {
            return runShare(inv, config);
        }
        ClientConfig clientConfig = ClientConfig.from(config);
        ConsumerConfig consumerConfig = ConsumerConfig.from(config);
        RecordWriter writer = new RecordWriter(inv.out(), keyDelimiter, printHeaders);
        try (KurierClient client = KurierClient.create(clientConfig);
             Consumer<byte[], byte[]> consumer = client.consumer(consumerConfig, Serdes.bytesDeserializer(),
                     Serdes.bytesDeserializer())) {
            inv.cancellation().onCancel(consumer::wakeup);
            // What was printed and not yet committed for sure, per partition this member owns.
            Map<TopicPartition, OffsetAndMetadata> printedUpTo = new java.util.HashMap<>();
            if (group != null) {
                partitions(client); // fails naming the topic if it does not exist
                consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        // Commit what was printed of them while this member still owns them; afterwards their new
                        // owner commits, and a commit from here would only move its offsets back.
                        Map<TopicPartition, OffsetAndMetadata> mine = new java.util.HashMap<>();
                        for (TopicPartition tp : partitions) {
                            OffsetAndMetadata o = printedUpTo.remove(tp);
                            if (o != null) {
                                mine.put(tp, o);
                            }
                        }
                        if (!mine.isEmpty()) {
                            consumer.commitSync(mine);
                        }
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsLost(Collection<TopicPartition> partitions) {
                        partitions.forEach(printedUpTo::remove); // owned by another member already: not ours to commit
                    }
                });
            } else {
                List<TopicPartition> partitions = partitions(client);
                consumer.assign(partitions);
                seek(consumer, partitions);
            }
            long printed = 0;
            long lastRecord = System.nanoTime();
            while (!inv.cancellation().isCancelled()) {
                long pollMs = MAX_POLL_MS;
                if (idleTimeoutMs != null) {
                    long idleLeft = idleTimeoutMs - (System.nanoTime() - lastRecord) / 1_000_000;
                    if (idleLeft <= 0) {
                        break;
                    }
                    pollMs = Math.min(pollMs, idleLeft);
                }
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(pollMs));
                } catch (WakeupException e) {
                    break;
                }
                if (records.isEmpty()) {
                    continue;
                }
                lastRecord = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    writer.write(r);
                    printedUpTo.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
                    if (count != null && ++printed >= count) {
                        break;
                    }
                }
                flush(inv);
                if (group != null) {
                    consumer.commitAsync(Map.copyOf(printedUpTo), null);
                }
                if (count != null && printed >= count) {
                    break;
                }
            }
            flush(inv);
            if (group != null) {
                // only partitions still owned (a revoked one was committed when it went); the rest is read again
                // next time
                finalCommit(consumer, printedUpTo);
            }
        }
        return Kurier.EXIT_OK;
    }

    /** {@code --share-group}: prints what the share group delivers here, acknowledging each record once printed. */
    private int runShare(Invocation inv, Map<String, Object> config) {
        config.put("group.id", shareGroup);
        config.put("share.acknowledgement.mode", "explicit");
        RecordWriter writer = new RecordWriter(inv.out(), keyDelimiter, printHeaders);
        try (KurierClient client = KurierClient.create(ClientConfig.from(config));
             dev.kurier.client.consumer.ShareConsumer<byte[], byte[]> consumer = client.shareConsumer(
                     ConsumerConfig.from(config), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
            inv.cancellation().onCancel(consumer::wakeup);
            partitions(client); // fails naming the topic if it does not exist
            consumer.subscribe(List.of(topic));
            long printed = 0;
            long lastRecord = System.nanoTime();
            while (!inv.cancellation().isCancelled() && (count == null || printed < count)) {
                long pollMs = MAX_POLL_MS;
                if (idleTimeoutMs != null) {
                    long idleLeft = idleTimeoutMs - (System.nanoTime() - lastRecord) / 1_000_000;
                    if (idleLeft <= 0) {
                        break;
                    }
                    pollMs = Math.min(pollMs, idleLeft);
                }
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(pollMs));
                } catch (WakeupException e) {
                    break;
                }
                if (records.isEmpty()) {
                    continue;
                }
                lastRecord = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (count != null && printed >= count) {
                        consumer.acknowledge(r, dev.kurier.client.consumer.AcknowledgeType.RELEASE); // not printed
                        continue;
                    }
                    writer.write(r);
                    consumer.acknowledge(r, shareOutcome);
                    printed++;
                }
                flush(inv);
                Map<TopicPartition, Exception> failed = consumer.commitSync();
                if (!failed.isEmpty()) {
                    throw new KurierException("acknowledging printed records failed for " + failed.keySet() + ": "
                            + failed.values().iterator().next().getMessage());
                }
            }
            flush(inv);
        }
        return Kurier.EXIT_OK;
    }

    /**
     * Commits what was printed of the partitions still owned. A rebalance under way is finished first (by polling,
     * which commits what it revokes through the listener) and the commit tried again, for up to
     * {@link #FINAL_COMMIT_MS}; a commit that still fails fails the command, naming why.
     */
    private static void finalCommit(Consumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> printed) {
        long deadline = System.nanoTime() + FINAL_COMMIT_MS * 1_000_000L;
        while (true) {
            printed.keySet().retainAll(consumer.assignment());
            if (printed.isEmpty()) {
                return;
            }
            try {
                consumer.commitSync(printed);
                return;
            } catch (RebalanceInProgressException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                consumer.poll(Duration.ofMillis(100)); // records it returns are not printed, nor committed
            }
        }
    }

    private List<TopicPartition> partitions(KurierClient client) {
        TopicInfo info = Futures.await(client.admin().describeTopics(List.of(topic))).get(topic);
        int n = info.partitionCount();
        if (partition != null) {
            if (partition >= n) {
                throw new KurierException("partition " + partition + " of topic '" + topic + "' does not exist: the topic has "
                        + n + (n == 1 ? " partition (0)" : " partitions (0.." + (n - 1) + ")"));
            }
            return List.of(new TopicPartition(topic, partition));
        }
        List<TopicPartition> all = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return all;
    }

    private void seek(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        switch (start.kind()) {
            case BEGINNING -> consumer.seekToBeginning(partitions);
            case END -> consumer.seekToEnd(partitions);
            case ABSOLUTE -> partitions.forEach(tp -> consumer.seek(tp, start.value()));
            case FROM_END -> {
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                for (TopicPartition tp : partitions) {
                    consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - start.value()));
                }
            }
            default -> throw new IllegalStateException("unhandled start " + start);
        }
    }

    private static void flush(Invocation inv) {
        inv.out().flush();
        if (inv.out().checkError()) {
            throw new KurierException("writing to stdout failed");
        }
    }
}
