package dev.kurier.cli;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.common.Header;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code kurier produce}: one record per stdin line, sent in order; succeeds only once every record is
 * acknowledged. Stops reading at the first failed send.
 */
final class ProduceCommand implements Command {

    private static final Help.Topic HELP = Help.Topic.PRODUCE;
    private static final List<Option> OPTIONS = Stream.concat(Stream.of(
            Option.value("topic", "-t", "--topic", "TOPIC"),
            Option.value("key-delimiter", "-K", "--key-delimiter", "SEP"),
            Option.repeatable("header", "-H", "--header", "KEY=VALUE"),
            Option.value("partition", "-p", "--partition", "PARTITION"),
            Option.value("transactional-id", null, "--transactional-id", "ID"),
            Option.value("txn-size", null, "--txn-size", "N"),
            Option.flag("abort", null, "--abort")),
            ProducerOptions.OPTIONS.stream()).toList();

    private String topic;
    private byte[] keyDelimiter;
    private List<Header> headers;
    private Integer partition;
    private Map<String, Object> producerKeys;
    /** With --transactional-id: records per transaction (0: all of stdin in one); whether each ends in an abort. */
    private String transactionalId;
    private long transactionSize;
    private boolean abort;

    @Override
    public void parse(List<String> args, ParsedOptions options) {
        Kurier.parseCommandArgs(args, OPTIONS, options, HELP);
        if (options.has("help")) {
            return;
        }
        topic = Values.required(options, "topic", "-t/--topic", HELP);
        String k = options.get("key-delimiter");
        keyDelimiter = k == null ? null : Delimiter.parse(k, "-K/--key-delimiter", HELP);
        headers = new ArrayList<>();
        for (String h : options.all("header")) {
            int eq = h.indexOf('=');
            if (eq == 0 || h.isEmpty()) {
                throw new UsageException(HELP, "option -H/--header needs KEY=VALUE (or KEY), got '" + h + "'");
            }
            headers.add(eq < 0 ? new Header(h, null) : Header.of(h.substring(0, eq), h.substring(eq + 1)));
        }
        partition = Values.intIn(options, "partition", "-p/--partition", 0, Integer.MAX_VALUE, HELP);
        producerKeys = ProducerOptions.parse(options, HELP);
        transactionalId = options.get("transactional-id");
        Long size = Values.longIn(options, "txn-size", "--txn-size", 1, Long.MAX_VALUE, HELP);
        abort = options.has("abort");
        if (transactionalId == null && (size != null || abort)) {
            throw new UsageException(HELP, (size != null ? "--txn-size" : "--abort") + " needs --transactional-id");
        }
        if (transactionalId != null) {
            if (transactionalId.isBlank()) {
                throw new UsageException(HELP, "--transactional-id needs an id");
            }
            producerKeys.put("transactional.id", transactionalId);
        }
        transactionSize = size == null ? 0 : size;
    }

    @Override
    public Help.Topic help() {
        return HELP;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        Map<String, Object> config = ProducerOptions.merge(inv.clientConfig(HELP), producerKeys);
        ClientConfig clientConfig = ClientConfig.from(config);
        ProducerConfig producerConfig = ProducerConfig.from(config);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long sent = 0;
        UsageException badLine = null;
        AtomicBoolean open = new AtomicBoolean(true);
        try (KurierClient client = KurierClient.create(clientConfig);
             Producer<byte[], byte[]> producer = client.producer(producerConfig, Serdes.bytesSerializer(),
                     Serdes.bytesSerializer())) {
            // Fail fast (within request.timeout.ms, naming the addresses tried) when no broker answers; waiting
            // for the topic below would take max.block.ms.
            Futures.await(client.admin().describeCluster());
            // Know the topic before the first send: records sent while its metadata is still unknown each wait on
            // their own, and the order of those waits is not the order of the lines.
            Futures.await(client.metadata().awaitTopic(topic, producerConfig.get(ProducerConfig.MAX_BLOCK_MS)));
            // On Ctrl-C the main thread may be blocked reading stdin: the records already read are flushed from
            // the shutdown hook, and the JVM does not wait for the read.
            inv.cancellation().onCancel(() -> {
                if (open.get()) {
                    producer.flush();
                }
            });
            inv.cancellation().actionsFinishTheCommand();
            Transactions txn = transactionalId == null ? null : new Transactions(producer, transactionSize, abort);
            LineReader lines = new LineReader(inv.in());
            long lineNumber = 0;
            while (failed.get() == 0 && !inv.cancellation().isCancelled() && lines.next()) {
                lineNumber++;
                if (lines.length() == 0) {
                    continue;
                }
                byte[] line = lines.bytes();
                byte[] key = null;
                byte[] value;
                if (keyDelimiter != null) {
                    int at = Delimiter.indexOf(line, lines.length(), keyDelimiter);
                    if (at < 0) {
                        String d = new String(keyDelimiter, StandardCharsets.UTF_8).replace("\t", "\\t");
                        badLine = new UsageException(HELP, "line " + lineNumber + ": no key delimiter '" + d
                                + "' (with -K each line is KEY" + d + "VALUE)");
                        break;
                    }
                    key = Arrays.copyOfRange(line, 0, at);
                    value = Arrays.copyOfRange(line, at + keyDelimiter.length, lines.length());
                } else {
                    value = Arrays.copyOf(line, lines.length());
                }
                if (txn != null) {
                    txn.beforeRecord();
                }
                producer.send(new ProducerRecord<>(topic, partition, null, key, value, headers))
                        .whenComplete((md, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, ErrorReport.unwrap(e));
                            }
                        });
                sent++;
                if (txn != null) {
                    txn.afterRecord();
                }
            }
            if (txn != null) {
                // a failed send fails the commit: the transaction is aborted and the command exits 1 below
                txn.end(failed.get() == 0 && badLine == null && !inv.cancellation().isCancelled());
            }
            // Everything handed to the producer completes (acknowledged or failed) before flush returns.
            producer.flush();
        } finally {
            open.set(false);
        }
        if (failed.get() > 0) {
            Throwable first = firstFailure.get();
            throw new KurierException(failed.get() + " of " + sent + " records failed: "
                    + ErrorReport.oneLine(first, false), first);
        }
        if (badLine != null) {
            throw badLine;
        }
        return Kurier.EXIT_OK;
    }
}
