package dev.kurier.cli;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.serialization.Serdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kurier perf consume}: reads NUM records of a topic and prints {@code N records, X records/sec (Y MB/sec)}
 * (key and value bytes, MB of 2^20 bytes). Without {@code -g} every partition is assigned from its beginning and the
 * clock starts at the first poll; with {@code -g} the consumer joins GROUP (subscribe; {@code auto.offset.reset}
 * earliest unless given) and the clock starts at the subscription, as in kafka's {@code ConsumerPerformance}.
 */
final class PerfConsume implements Command {

    private static final Help.Topic HELP = Help.Topic.PERF;
    private static final List<Option> OPTIONS = List.of(
            Option.value("topic", "-t", "--topic", "TOPIC"),
            Option.value("num-records", "-n", "--num-records", "NUM"),
            Option.value("group", "-g", "--group", "GROUP"),
            Option.value("timeout-ms", null, "--timeout-ms", "MS"));
    private static final long DEFAULT_TIMEOUT_MS = 10_000;
    private static final long POLL_MS = 100;
    private static final double MB = 1024.0 * 1024.0;

    private String topic;
    private long numRecords;
    private String group;
    private long timeoutMs;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        Kurier.parseCommandArgs(args, OPTIONS, options, HELP);
        if (options.has("help")) {
            return;
        }
        topic = Values.required(options, "topic", "-t/--topic", HELP);
        Long n = Values.longIn(options, "num-records", "-n/--num-records", 1, Long.MAX_VALUE, HELP);
        if (n == null) {
            throw new UsageException(HELP, "option -n/--num-records is required");
        }
        numRecords = n;
        group = options.has("group") ? Values.required(options, "group", "-g/--group", HELP) : null;
        Long t = Values.longIn(options, "timeout-ms", "--timeout-ms", 1, Long.MAX_VALUE, HELP);
        timeoutMs = t == null ? DEFAULT_TIMEOUT_MS : t;
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        Map<String, Object> config = new LinkedHashMap<>(inv.clientConfig(HELP));
        if (group != null) {
            config.put("group.id", group);
            config.putIfAbsent("auto.offset.reset", "earliest");
        }
        ClientConfig clientConfig = ClientConfig.from(config);
        ConsumerConfig consumerConfig = ConsumerConfig.from(config);
        long records = 0;
        long bytes = 0;
        long start;
        long end;
        try (KurierClient client = KurierClient.create(clientConfig);
             Consumer<byte[], byte[]> consumer = client.consumer(consumerConfig, Serdes.bytesDeserializer(),
                     Serdes.bytesDeserializer())) {
            inv.cancellation().onCancel(consumer::wakeup);
            if (group != null) {
                start = System.nanoTime();
                consumer.subscribe(List.of(topic));
            } else {
                List<TopicPartition> partitions = partitions(client);
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                start = System.nanoTime();
            }
            long lastRecord = start;
            end = start;
            long timeoutNanos = timeoutMs * 1_000_000;
            while (records < numRecords && !inv.cancellation().isCancelled()) {
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = consumer.poll(Duration.ofMillis(POLL_MS));
                } catch (WakeupException e) {
                    break;
                }
                long now = System.nanoTime();
                if (polled.isEmpty()) {
                    if (now - lastRecord > timeoutNanos) {
                        break;
                    }
                    continue;
                }
                lastRecord = now;
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    records++;
                    if (r.key() != null) {
                        bytes += r.key().length;
                    }
                    if (r.value() != null) {
                        bytes += r.value().length;
                    }
                    if (records >= numRecords) {
                        break;
                    }
                }
                end = now;
            }
        }
        inv.out().println(line(records, bytes, end - start));
        inv.out().flush();
        if (records < numRecords && !inv.cancellation().isCancelled()) {
            throw new KurierException("only " + records + " of " + numRecords + " records of topic '" + topic
                    + "' arrived: none for " + timeoutMs + " ms (--timeout-ms)");
        }
        return Kurier.EXIT_OK;
    }

    /** {@code N records, X records/sec (Y MB/sec)}. */
    static String line(long records, long bytes, long nanos) {
        double seconds = Math.max(1, nanos) / 1e9;
        return String.format(Locale.ROOT, "%d records, %.1f records/sec (%.2f MB/sec)", records, records / seconds,
                bytes / seconds / MB);
    }

    private List<TopicPartition> partitions(KurierClient client) {
        TopicInfo info = Futures.await(client.admin().describeTopics(List.of(topic))).get(topic);
        List<TopicPartition> all = new ArrayList<>(info.partitionCount());
        for (int p = 0; p < info.partitionCount(); p++) {
            all.add(new TopicPartition(topic, p));
        }
        return all;
    }
}
