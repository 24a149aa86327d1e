package dev.kurier.cli;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.producer.SendCallback;
import dev.kurier.client.producer.internals.KurierProducer;
import dev.kurier.client.producer.internals.ProducerMetrics;
import dev.kurier.client.serialization.Serdes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code kurier perf produce}: sends NUM records of RECORD_SIZE random capital letters (no key), as fast as the
 * producer takes them or at {@code --throughput} records/s, and prints kafka's {@code ProducerPerformance} lines: a
 * progress line every 5 s and the summary last. Latency is send to acknowledgement, per record.
 */
final class PerfProduce implements Command {

    private static final Help.Topic HELP = Help.Topic.PERF;
    private static final List<Option> OPTIONS = Stream.concat(Stream.of(
            Option.value("topic", "-t", "--topic", "TOPIC"),
            Option.value("num-records", "-n", "--num-records", "NUM"),
            Option.value("record-size", "-s", "--record-size", "RECORD_SIZE"),
            Option.value("throughput", null, "--throughput", "RECORDS_PER_SEC"),
            Option.flag("print-metrics", null, "--print-metrics")),
            ProducerOptions.OPTIONS.stream()).toList();

    private String topic;
    private long numRecords;
    private int recordSize;
    private double throughput;
    private boolean printMetrics;
    private Map<String, Object> producerKeys;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        Kurier.parseCommandArgs(args, OPTIONS, options, HELP);
        if (options.has("help")) {
            return;
        }
        topic = Values.required(options, "topic", "-t/--topic", HELP);
        numRecords = required(Values.longIn(options, "num-records", "-n/--num-records", 1, Long.MAX_VALUE, HELP),
                "-n/--num-records");
        recordSize = required(Values.intIn(options, "record-size", "-s/--record-size", 1, Integer.MAX_VALUE, HELP),
                "-s/--record-size");
        throughput = throughput(options.get("throughput"));
        printMetrics = options.has("print-metrics");
        producerKeys = ProducerOptions.parse(options, HELP);
    }

    private static <T> T required(T value, String display) {
        if (value == null) {
            throw new UsageException(HELP, "option " + display + " is required");
        }
        return value;
    }

    /** Records per second; -1 (the default), like any value of zero or less, means unthrottled. */
    private static double throughput(String s) {
        if (s == null) {
            return -1;
        }
        try {
            double v = Double.parseDouble(s.trim());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException(s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(HELP, "option --throughput: '" + s + "' is not a number (records/s, -1 for no limit)");
        }
    }

    /** The producer's own counters on one line, printed before the summary so that the summary stays last. */
    static String metricsLine(ProducerMetrics m) {
        long requests = m.requests();
        return String.format(Locale.ROOT, "producer metrics: %d requests, %d batches, %.1f records/request, "
                        + "%.2f batches/request, %.0f bytes/batch, %.2f ms avg request latency, %d retries, %d record errors, "
                        + "%d paced waits (%.0f ms)",
                requests, m.batches(), m.recordsPerRequest(), requests == 0 ? 0.0 : m.batches() / (double) requests,
                m.batches() == 0 ? 0.0 : m.bytesSent() / (double) m.batches(), m.averageRequestLatencyMs(), m.retries(),
                m.recordErrors(), m.pacedWaits(), m.pacedMillis());
    }

    /**
     * Random capital letters, as Kafka's tool writes them. A method of its own (as the send callback is a class of its
     * own): the JIT compiles it within the first milliseconds, where a loop inside the long send loop waits for that
     * whole method to be compiled on stack, and the first seconds of a run would measure the interpreter.
     */
    private static void fill(SplittableRandom random, byte[] payload) {
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (random.nextInt(26) + 65);
        }
    }

    /** One record's delivery report: its latency into the stats, or the failure. Like Kafka's tool's callback. */
    private record Delivery(long sendStart, int size, ProduceStats stats, AtomicLong failed,
                            AtomicReference<Throwable> firstFailure) implements SendCallback {

        @Override
        public void onCompletion(RecordMetadata metadata, Throwable error) {
            if (error == null) {
                long now = System.nanoTime();
                stats.record(now - sendStart, size, now);
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, ErrorReport.unwrap(error));
            }
        }
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) {
        Map<String, Object> config = ProducerOptions.merge(inv.clientConfig(HELP), producerKeys);
        ClientConfig clientConfig = ClientConfig.from(config);
        ProducerConfig producerConfig = ProducerConfig.from(config);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        ProduceStats stats;
        long sent = 0;
        long end;
        try (KurierClient client = KurierClient.create(clientConfig);
             Producer<byte[], byte[]> producer = client.producer(producerConfig, Serdes.bytesSerializer(),
                     Serdes.bytesSerializer())) {
            Futures.await(client.admin().describeCluster());
            Futures.await(client.metadata().awaitTopic(topic, producerConfig.get(ProducerConfig.MAX_BLOCK_MS)));
            // Kafka's tool draws each payload from a seeded random source: the same bytes here, the same work.
            SplittableRandom random = new SplittableRandom(0);
            long start = System.nanoTime();
            ProduceStats s = new ProduceStats(inv.out(), start);
            stats = s;
            Throttle throttle = new Throttle(throughput, start);
            int size = recordSize;
            // One array refilled per record, as in Kafka's tool: send copies the bytes into the batch before it returns.
            byte[] payload = new byte[size];
            while (sent < numRecords && failed.get() == 0 && !inv.cancellation().isCancelled()) {
                fill(random, payload);
                long sendStart = System.nanoTime();
                producer.send(ProducerRecord.of(topic, payload), new Delivery(sendStart, size, s, failed, firstFailure));
                sent++;
                if (throttle.ahead(sent, sendStart)) {
                    throttle.pause();
                }
            }
            producer.flush();
            end = System.nanoTime();
            if (printMetrics && producer instanceof KurierProducer<?, ?> kurier) {
                inv.out().println(metricsLine(kurier.metrics()));
            }
        }
        inv.out().println(stats.totalLine(end));
        inv.out().flush();
        if (failed.get() > 0) {
            Throwable first = firstFailure.get();
            throw new KurierException(failed.get() + " of " + sent + " records failed: "
                    + ErrorReport.oneLine(first, false), first);
        }
        return Kurier.EXIT_OK;
    }
}
