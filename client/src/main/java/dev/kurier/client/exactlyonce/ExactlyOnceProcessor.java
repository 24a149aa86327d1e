package dev.kurier.client.exactlyonce;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.config.ConfigException;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.TransactionAbortableException;
import dev.kurier.client.producer.TransactionTimeoutException;
import dev.kurier.client.serialization.Deserializer;
import dev.kurier.client.serialization.Serializer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consume → transform → produce, exactly once: each poll's records are transformed, their output records sent and the
 * consumed offsets added in one transaction (KIP-98, KIP-447), which commits as a whole or not at all. A reader with
 * {@code isolation.level=read_committed} sees every input record's output exactly once, in input order per partition,
 * whatever crashes, rebalances or coordinator failovers happen in between.
 *
 * <pre>{@code
 * try (ExactlyOnceProcessor<String, String, String, String> copy = ExactlyOnceProcessor
 *         .reading(client, List.of("orders"), Map.of("group.id", "order-copier"),
 *                 Serdes.stringDeserializer(), Serdes.stringDeserializer())
 *         .writing(Map.of("transactional.id", "order-copier-1"), Serdes.stringSerializer(), Serdes.stringSerializer())
 *         .transform(r -> List.of(ProducerRecord.of("orders-copy", r.key(), r.value())))
 *         .build()) {
 *     copy.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>The consumer reads with {@code isolation.level=read_committed} and never commits on its own; the producer is
 * transactional ({@code transactional.id} required; with KIP-447 one fixed id per processor instance is enough, since
 * the group's generation fences a zombie). When a transaction fails in a way that an abort repairs (the group moved on,
 * a record was refused), it is aborted and the consumer rewinds to the first record of the poll for the partitions it
 * still owns, so those records are processed again. When the transform throws, the transaction is aborted too and the
 * processor stops with a {@link ProcessingException}. When the producer is fenced, it stops with that error.
 *
 * <p>faust's {@code commit(start_new_transaction=...)} and {@code commit_and_end_transactions} correspond to what one
 * {@link #runOnce} does: send the offsets into the open transaction, commit it, and begin the next with the next poll.
 *
 * @param <KI> input key type
 * @param <VI> input value type
 * @param <KO> output key type
 * @param <VO> output value type
 */
public final class ExactlyOnceProcessor<KI, VI, KO, VO> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceProcessor.class);

    private final Consumer<KI, VI> consumer;
    private final Producer<KO, VO> producer;
    private final Transform<KI, VI, KO, VO> transform;
    private final Duration pollTimeout;
    private final String name;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private volatile boolean running;
    private volatile boolean closed;
    private Thread thread;

    private ExactlyOnceProcessor(Consumer<KI, VI> consumer, Producer<KO, VO> producer, Collection<String> topics,
                                 Transform<KI, VI, KO, VO> transform, Duration pollTimeout, String name) {
        this.consumer = consumer;
        this.producer = producer;
        this.transform = transform;
        this.pollTimeout = pollTimeout;
        this.name = name;
        try {
            producer.initTransactions();
            consumer.subscribe(topics);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            consumer.close();
            throw e;
        }
    }

    /** Starts building a processor reading {@code topics} as group member with {@code consumerProps} (group.id required). */
    public static <KI, VI> Reading<KI, VI> reading(KurierClient client, Collection<String> topics,
                                                   Map<String, ?> consumerProps, Deserializer<KI> keyDeserializer,
                                                   Deserializer<VI> valueDeserializer) {
        return new Reading<>(client, List.copyOf(topics), consumerProps, keyDeserializer, valueDeserializer);
    }

    /**
     * One round: polls, and if records came, transforms them and commits outputs and offsets in one transaction.
     * Returns how many input records were committed (0 when nothing came or the transaction was aborted).
     *
     * @throws ProcessingException                              when the transform threw (after the abort)
     * @throws dev.kurier.client.producer.TransactionFatalException when the producer was fenced
     */
    public int runOnce(Duration timeout) {
        ConsumerRecords<KI, VI> records = consumer.poll(timeout);
        if (records.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
        producer.beginTransaction();
        try {
            for (ConsumerRecord<KI, VI> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                firstOffsets.putIfAbsent(tp, r.offset());
                Iterable<ProducerRecord<KO, VO>> out;
                try {
                    out = transform.apply(r);
                } catch (Exception e) {
                    throw new ProcessingException(r.topic(), r.partition(), r.offset(), e);
                }
                if (out != null) {
                    for (ProducerRecord<KO, VO> o : out) {
                        producer.send(o); // a failure fails the commit
                    }
                }
                nextOffsets.put(tp, new OffsetAndMetadata(r.offset() + 1, r.leaderEpoch(), ""));
            }
            producer.sendOffsetsToTransaction(nextOffsets, consumer.groupMetadata());
            commit();
        } catch (TransactionAbortableException e) {
            log.warn("{}: transaction aborted, its {} record(s) will be processed again: {}", name, records.count(),
                    e.getMessage());
            abortAndRewind(firstOffsets);
            return 0;
        } catch (ProcessingException e) {
            abortAndRewind(firstOffsets);
            throw e;
        }
        committed.incrementAndGet();
        processed.addAndGet(records.count());
        return records.count();
    }

    /** Commits, waiting again while the commit only timed out (it keeps going in the background). */
    private void commit() {
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (TransactionTimeoutException e) {
                if (closed) {
                    throw e;
                }
                log.debug("{}: commit still pending, waiting on: {}", name, e.getMessage());
            }
        }
    }

    private void abortAndRewind(Map<TopicPartition, Long> firstOffsets) {
        while (true) {
            try {
                producer.abortTransaction();
                break;
            } catch (TransactionTimeoutException e) {
                if (closed) {
                    throw e;
                }
            }
        }
        aborted.incrementAndGet();
        Set<TopicPartition> owned = consumer.assignment();
        firstOffsets.forEach((tp, offset) -> {
            if (owned.contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    /** Runs {@link #runOnce} on a thread of its own until {@link #close()} or a failure ({@link #completion()}). */
    public synchronized ExactlyOnceProcessor<KI, VI, KO, VO> start() {
        if (thread != null) {
            throw new IllegalStateException(name + " was already started");
        }
        running = true;
        thread = new Thread(this::loop, "kurier-exactly-once-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (running) {
                runOnce(pollTimeout);
            }
            completion.complete(null);
        } catch (WakeupException e) {
            completion.complete(null);
        } catch (RuntimeException | Error e) {
            if (!closed) {
                log.error("{}: stopped: {}", name, e.getMessage());
            }
            completion.completeExceptionally(e);
        }
    }

    /** Completes when the started processor stops: normally after {@link #close()}, exceptionally on a failure. */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Transactions committed so far. */
    public long committedTransactions() {
        return committed.get();
    }

    /** Transactions aborted so far (their records were processed again). */
    public long abortedTransactions() {
        return aborted.get();
    }

    /** Input records whose transaction committed. */
    public long processedRecords() {
        return processed.get();
    }

    /**
     * Stops the loop, waiting up to {@code timeout} for the transaction in progress to finish (one that cannot
     * is aborted by the coordinator after {@code transaction.timeout.ms}), then closes the producer and the consumer.
     */
    public void close(Duration timeout) {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            consumer.wakeup();
            try {
                t.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(timeout);
        consumer.close();
        log.info("{}: closed after {} transaction(s) committed, {} aborted", name, committed.get(), aborted.get());
    }

    /** {@link #close(Duration)} with 30 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** The first builder stage: what to read. */
    public static final class Reading<KI, VI> {
        private final KurierClient client;
        private final List<String> topics;
        private final Map<String, ?> consumerProps;
        private final Deserializer<KI> keyDeserializer;
        private final Deserializer<VI> valueDeserializer;

        private Reading(KurierClient client, List<String> topics, Map<String, ?> consumerProps,
                        Deserializer<KI> keyDeserializer, Deserializer<VI> valueDeserializer) {
            this.client = Objects.requireNonNull(client, "client");
            this.topics = topics;
            this.consumerProps = consumerProps;
            this.keyDeserializer = keyDeserializer;
            this.valueDeserializer = valueDeserializer;
        }

        /** What to write with: producer settings ({@code transactional.id} required) and serializers. */
        public <KO, VO> Builder<KI, VI, KO, VO> writing(Map<String, ?> producerProps, Serializer<KO> keySerializer,
                                                        Serializer<VO> valueSerializer) {
            return new Builder<>(this, producerProps, keySerializer, valueSerializer);
        }
    }

    /** The last builder stage: the transform and options. */
    public static final class Builder<KI, VI, KO, VO> {
        private final Reading<KI, VI> reading;
        private final Map<String, ?> producerProps;
        private final Serializer<KO> keySerializer;
        private final Serializer<VO> valueSerializer;
        private Transform<KI, VI, KO, VO> transform;
        private Duration pollTimeout = Duration.ofMillis(100);

        private Builder(Reading<KI, VI> reading, Map<String, ?> producerProps, Serializer<KO> keySerializer,
                        Serializer<VO> valueSerializer) {
            this.reading = reading;
            this.producerProps = producerProps;
            this.keySerializer = keySerializer;
            this.valueSerializer = valueSerializer;
        }

        /** What to write for each record read. */
        public Builder<KI, VI, KO, VO> transform(Transform<KI, VI, KO, VO> transform) {
            this.transform = Objects.requireNonNull(transform, "transform");
            return this;
        }

        /** How long one poll of the started processor waits for records (default 100 ms). */
        public Builder<KI, VI, KO, VO> pollTimeout(Duration timeout) {
            this.pollTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Creates the consumer and the producer and initializes transactions (fencing an older instance with the same
         * {@code transactional.id}).
         *
         * @throws ConfigException when a setting contradicts exactly-once processing
         */
        public ExactlyOnceProcessor<KI, VI, KO, VO> build() {
            if (transform == null) {
                throw new IllegalStateException("set a transform before build()");
            }
            Map<String, Object> consumerRaw = new HashMap<>(reading.consumerProps);
            require(consumerRaw, ConsumerConfig.ISOLATION_LEVEL.name(), "read_committed");
            require(consumerRaw, ConsumerConfig.ENABLE_AUTO_COMMIT.name(), false);
            Object group = consumerRaw.get(ConsumerConfig.GROUP_ID.name());
            if (group == null || group.toString().isEmpty()) {
                throw new ConfigException(ConsumerConfig.GROUP_ID.name(), "an exactly-once processor needs a group.id:"
                        + " its offsets are committed in the transaction");
            }
            Object txnId = producerProps.get(ProducerConfig.TRANSACTIONAL_ID.name());
            if (txnId == null || txnId.toString().isEmpty()) {
                throw new ConfigException(ProducerConfig.TRANSACTIONAL_ID.name(), "an exactly-once processor needs a"
                        + " transactional.id, one per processor instance");
            }
            Consumer<KI, VI> consumer = reading.client.consumer(ConsumerConfig.from(consumerRaw),
                    reading.keyDeserializer, reading.valueDeserializer);
            Producer<KO, VO> producer;
            try {
                producer = reading.client.producer(ProducerConfig.from(producerProps), keySerializer, valueSerializer);
            } catch (RuntimeException e) {
                consumer.close();
                throw e;
            }
            return new ExactlyOnceProcessor<>(consumer, producer, reading.topics, transform, pollTimeout,
                    group + "/" + txnId);
        }

        private static void require(Map<String, Object> raw, String key, Object value) {
            Object set = raw.get(key);
            if (set != null && !set.toString().equals(value.toString())) {
                throw new ConfigException(key, "an exactly-once processor needs " + key + "=" + value + ", but it is "
                        + set);
            }
            raw.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "ExactlyOnceProcessor[" + name + "]";
    }

    /** Waits up to {@code timeout} for the started processor to stop; true if it did. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        try {
            completion.handle((v, e) -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }
}
