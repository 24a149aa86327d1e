package dev.kurier.client.producer.internals;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.Header;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.producer.Partitioner;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.client.producer.RecordTooLargeException;
import dev.kurier.client.producer.SendCallback;
import dev.kurier.client.producer.SerializationException;
import dev.kurier.client.protocol.compression.CompressionCodec;
import dev.kurier.client.protocol.compression.CompressionCodecs;
import dev.kurier.client.protocol.compression.CompressionType;
import dev.kurier.client.protocol.record.RecordWriter;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import dev.kurier.client.serialization.Serializer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Producer} implementation: serializes and partitions on the caller's thread, queues the record
 * without locks, and leaves batching and I/O to the {@link Sender} thread.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KurierProducer<K, V> implements Producer<K, V> {

    private static final Logger log = LoggerFactory.getLogger(KurierProducer.class);

    private final ProducerConfig config;
    private final NetworkClient network;
    private final MetadataManager metadata;
    private final dev.kurier.client.common.Clock clock;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Partitioner partitioner;
    private final RecordAccumulator accumulator;
    private final ProducerMetrics metrics = new ProducerMetrics();
    private final Sender sender;
    private final Thread senderThread;
    private final Consumer<Object> onClose;
    private final Duration maxBlock;
    private final int maxRequestSize;
    private final int batchSize;
    /** The codec of compression.type, null for none: sending threads compress the batches they fill. */
    private final CompressionCodec codec;
    /** Batch buffers and their compressed copies. */
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    /** Bytes appended per topic since its sticky partition last moved on (null-key records). */
    private final ConcurrentHashMap<String, AtomicLong> stickyBytes = new ConcurrentHashMap<>();
    private final String clientId;
    /** The transaction state when {@code transactional.id} is set, else null. */
    private final TransactionManager txn;
    private volatile boolean closed;

    /** Creates the producer and starts its sender thread. */
    public KurierProducer(ClientConfig clientConfig, ProducerConfig config, NetworkClient network, MetadataManager metadata,
                          Serializer<K> keySerializer, Serializer<V> valueSerializer, Consumer<Object> onClose) {
        this(clientConfig, config, network, metadata, keySerializer, valueSerializer, null, onClose);
    }

    /** Creates the producer with a user-supplied partitioner; {@code null} for the one the config names. */
    public KurierProducer(ClientConfig clientConfig, ProducerConfig config, NetworkClient network, MetadataManager metadata,
                          Serializer<K> keySerializer, Serializer<V> valueSerializer, Partitioner partitioner,
                          Consumer<Object> onClose) {
        this.config = config;
        this.network = network;
        this.metadata = metadata;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.onClose = onClose;
        this.clientId = clientConfig.clientId();
        CompressionType compression = CompressionType.forName(config.get(ProducerConfig.COMPRESSION_TYPE));
        // fails now, naming the missing library, not at first send
        CompressionCodec codec = CompressionCodecs.forType(compression);
        this.codec = compression == CompressionType.NONE ? null : codec;
        this.maxBlock = config.get(ProducerConfig.MAX_BLOCK_MS);
        this.maxRequestSize = config.get(ProducerConfig.MAX_REQUEST_SIZE);
        this.batchSize = config.get(ProducerConfig.BATCH_SIZE);
        this.clock = metadata.clock();
        Pacer pacer = new Pacer(config.get(ProducerConfig.ENABLE_PACING), batchSize, maxRequestSize, metrics, clock);
        this.accumulator = new RecordAccumulator(config.get(ProducerConfig.BUFFER_MEMORY),
                config.get(ProducerConfig.QUEUE_BUFFERING_MAX_MESSAGES), alloc, pacer);
        this.partitioner = partitioner != null ? partitioner
                : Partitioners.forName(config.get(ProducerConfig.PARTITIONER), accumulator::waitingBatches);
        Duration requestTimeout = clientConfig.get(ClientConfig.REQUEST_TIMEOUT_MS);
        Sender.Settings settings = new Sender.Settings(config.acks(), config.get(ProducerConfig.LINGER_MS).toNanos(),
                config.get(ProducerConfig.BATCH_SIZE), maxRequestSize, (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()),
                config.get(ProducerConfig.RETRIES), clientConfig.get(ClientConfig.RETRY_BACKOFF_MS).toNanos(),
                config.get(ProducerConfig.DELIVERY_TIMEOUT_MS).toNanos(),
                // one batch per partition in flight keeps order; more partitions may share a connection
                clientConfig.get(ClientConfig.MAX_IN_FLIGHT), compression, idempotent(config), clientId);
        String transactionalId = config.transactionalId();
        this.txn = transactionalId == null ? null : new TransactionManager(transactionalId,
                (int) Math.min(Integer.MAX_VALUE, config.get(ProducerConfig.TRANSACTION_TIMEOUT_MS).toMillis()),
                maxBlock.toMillis(), new TransactionRequests(transactionalId, metadata, network, requestTimeout,
                clientConfig.get(ClientConfig.RETRY_BACKOFF_MS).toMillis()));
        this.sender = new Sender(settings, accumulator, metadata, network, metrics, txn);
        this.senderThread = new Thread(sender, "kurier-producer-" + clientId);
        senderThread.setDaemon(true);
        senderThread.start();
        log.info("producer {} started (acks={}, idempotence={}, linger.ms={}, batch.size={}, compression.type={}, "
                        + "max.in.flight.requests.per.connection={}{})",
                clientId, config.get(ProducerConfig.ACKS), settings.idempotent(), config.get(ProducerConfig.LINGER_MS).toMillis(),
                config.get(ProducerConfig.BATCH_SIZE), compression.configName, settings.maxInFlight(),
                !settings.idempotent() && settings.maxInFlight() > 1 && settings.retries() > 0
                        ? "; without idempotence a retried batch may land behind a newer one" : "");
    }

    /**
     * Idempotence is on by default (as in kafka-clients 3+) and needs acks=all and retries > 0. Asked for explicitly
     * with other settings it is a config error; left at its default, it quietly steps aside.
     */
    private static boolean idempotent(ProducerConfig config) {
        if (config.transactionalId() != null) {
            // Transactions stand on idempotence: the same rules, and no quiet stepping aside.
            if (config.isSet(ProducerConfig.ENABLE_IDEMPOTENCE) && !config.get(ProducerConfig.ENABLE_IDEMPOTENCE)) {
                throw new dev.kurier.client.config.ConfigException(ProducerConfig.TRANSACTIONAL_ID.name(),
                        "needs enable.idempotence=true, but enable.idempotence=false");
            }
            if (config.acks() != -1 || config.get(ProducerConfig.RETRIES) == 0) {
                throw new dev.kurier.client.config.ConfigException(ProducerConfig.TRANSACTIONAL_ID.name(),
                        "needs acks=all and retries > 0, but acks=" + config.get(ProducerConfig.ACKS) + " and retries="
                                + config.get(ProducerConfig.RETRIES));
            }
            return true;
        }
        boolean wanted = config.get(ProducerConfig.ENABLE_IDEMPOTENCE);
        boolean possible = config.acks() == -1 && config.get(ProducerConfig.RETRIES) > 0;
        if (wanted && !possible && config.isSet(ProducerConfig.ENABLE_IDEMPOTENCE)) {
            throw new dev.kurier.client.config.ConfigException(ProducerConfig.ENABLE_IDEMPOTENCE.name(),
                    "needs acks=all and retries > 0, but acks=" + config.get(ProducerConfig.ACKS) + " and retries="
                            + config.get(ProducerConfig.RETRIES));
        }
        return wanted && possible;
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return doSend(record, null);
    }

    /** Calls {@code callback} directly when the record completes, with no completion stage per record. */
    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, SendCallback callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        CompletableFuture<RecordMetadata> f = doSend(record, callback);
        if (!(f instanceof RecordFuture)) {
            // failed before it was queued (serializer, size, metadata; the cause is already unwrapped): report it now,
            // on the caller's thread
            f.whenComplete(callback::onCompletion);
        }
        return f;
    }

    private CompletableFuture<RecordMetadata> doSend(ProducerRecord<K, V> record, SendCallback callback) {
        if (closed) {
            throw new IllegalStateException("producer " + clientId + " is closed: cannot send to topic '"
                    + record.topic() + "'");
        }
        long start = clock.nanoTime();
        byte[] key;
        byte[] value;
        try {
            key = keySerializer.serialize(record.topic(), record.key());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new SerializationException(record.topic(), "key", e));
        }
        try {
            value = valueSerializer.serialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new SerializationException(record.topic(), "value", e));
        }
        int size = BatchEncoding.estimateRecordSize(key, value, record.headers());
        if (size + BatchEncoding.BATCH_OVERHEAD > maxRequestSize) {
            return CompletableFuture.failedFuture(new RecordTooLargeException(record.topic(),
                    size + BatchEncoding.BATCH_OVERHEAD, "max.request.size", maxRequestSize));
        }
        long timestamp = record.timestamp() != null ? record.timestamp() : clock.currentTimeMillis();
        TopicInfo topic = metadata.snapshot().topic(record.topic());
        if (topic == null || !topic.allLeadersKnown()) {
            // Like kafka-clients, send waits here (up to max.block.ms) for the topic's metadata: the record must be
            // queued before send returns, so that flush() and close() account for it.
            try {
                topic = metadata.awaitTopic(record.topic(), maxBlock).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(new KurierException("interrupted while waiting for metadata of topic '"
                        + record.topic() + "'", e));
            } catch (ExecutionException e) {
                Throwable c = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                        ? e.getCause().getCause() : e.getCause();
                return CompletableFuture.failedFuture(c);
            }
        }
        if (txn != null) {
            TopicInfo known = topic;
            return txn.send(record.topic(), () -> enqueue(record, known, key, value, size, timestamp, start, callback));
        }
        return enqueue(record, topic, key, value, size, timestamp, start, callback);
    }

    private CompletableFuture<RecordMetadata> enqueue(ProducerRecord<K, V> record, TopicInfo topic, byte[] key,
                                                      byte[] value, int size, long timestamp, long start,
                                                      SendCallback callback) {
        int partition;
        int n = topic.partitionCount();
        if (record.partition() != null) {
            partition = record.partition();
            if (partition >= n) {
                return CompletableFuture.failedFuture(new KurierException("partition " + partition + " of topic '"
                        + record.topic() + "' does not exist: the topic has " + n + " partitions"));
            }
        } else {
            partition = partitioner.partition(record.topic(), key, n);
            if (partition < 0 || partition >= n) {
                return CompletableFuture.failedFuture(new KurierException("partitioner returned partition " + partition
                        + " for topic '" + record.topic() + "' with " + n + " partitions"));
            }
        }
        long deadline = start + maxBlock.toNanos();
        try {
            accumulator.reserveRecord(record.topic(), deadline, maxBlock);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new KurierException("interrupted while waiting for buffer memory", e));
        } catch (KurierException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<Header> headers = record.headers();
        RecordFuture future = new RecordFuture(timestamp, key == null ? -1 : key.length, value == null ? -1 : value.length,
                start, callback);
        int fixedBody = RecordWriter.fixedBodySize(future.keySize, future.valueSize, headers);
        boolean sticky = record.partition() == null && key == null;
        PartitionQueue q = accumulator.queueFor(record.topic(), partition);
        try {
            q = appendTo(q, n, sticky, timestamp, key, value, headers, fixedBody, size, future, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            accumulator.unreserveRecord();
            return CompletableFuture.failedFuture(new KurierException("interrupted while waiting for buffer memory", e));
        } catch (KurierException e) {
            accumulator.unreserveRecord();
            return CompletableFuture.failedFuture(e);
        }
        if (txn != null) {
            txn.partitionUsed(q.partition); // version 1: the partition is added while the batch lingers
        }
        // Counted as written (one byte of timestamp delta, two of offset delta), not as the upper bound that size is:
        // batches the sticky partitioner leaves behind must be full ones.
        if (sticky && stickyCounter(record.topic()).addAndGet(RecordWriter.recordSize(fixedBody + 3)) >= batchSize) {
            // Sticky placement also moves on after batch.size bytes, as kafka-clients' built-in partitioner does, when
            // batches leave on linger.ms before they fill: a partition whose batches leave fast must not get fewer.
            moveOn(q, q.open);
        }
        return future;
    }

    private AtomicLong stickyCounter(String topic) {
        AtomicLong c = stickyBytes.get(topic);
        return c != null ? c : stickyBytes.computeIfAbsent(topic, t -> new AtomicLong());
    }

    /**
     * Moves the sticky partition of {@code q}'s topic on from {@code q}, and lets {@code left}, the batch it leaves
     * behind, go at once if it still is {@code q}'s open batch: no more null-key records come to it, so waiting out
     * linger.ms would only delay those in it (kafka-clients sends such a batch with the next request to its broker).
     */
    private void moveOn(PartitionQueue q, ProducerBatch left) {
        if (left != null && q.sealIfOpen(left)) {
            precompress(left);
            sender.wakeup();
        }
        moveOn(q.partition.topic(), q.partition.partition());
    }

    /** Compresses a batch this thread sealed, sparing the sender thread (see {@link ProducerBatch#precompress}). */
    private void precompress(ProducerBatch sealed) {
        if (codec != null) {
            sealed.precompress(codec, alloc);
        }
    }

    /** Moves a topic's sticky partition on from {@code previous}. */
    private void moveOn(String topic, int previous) {
        stickyCounter(topic).set(0);
        partitioner.onNewBatch(topic, previous);
    }

    /**
     * Appends to the partition's open batch without locks; when there is none or it is full, starts a new batch (the
     * only step that takes the queue's monitor, once per batch) and wakes the sender: a full batch can leave now, and
     * a new batch starts a linger period whose end the sender must know.
     *
     * <p>A record placed by the sticky partitioner ({@code sticky}) that finds its batch full does not start a new
     * batch there: the full one is sealed (it leaves at once) and the record goes to the next sticky partition. A new
     * batch started for only the records that did not fit would wait out linger.ms half empty, and those records' latency
     * with it. Returns the queue the record went to.
     */
    private PartitionQueue appendTo(PartitionQueue q, int numPartitions, boolean sticky, long timestamp, byte[] key,
                                    byte[] value, List<Header> headers, int fixedBody, int size, RecordFuture future,
                                    long deadline) throws InterruptedException {
        boolean mayMove = sticky;
        while (true) {
            ProducerBatch open = q.open;
            if (open != null) {
                if (open.tryAppend(timestamp, key, value, headers, fixedBody, future) >= 0) {
                    return q;
                }
                if (mayMove && !open.isSealed()) {
                    mayMove = false;
                    moveOn(q, open);
                    int next = partitioner.partition(q.partition.topic(), null, numPartitions);
                    if (next >= 0 && next < numPartitions && next != q.partition.partition()) {
                        q = accumulator.queueFor(q.partition.topic(), next);
                        continue;
                    }
                }
            }
            int capacity = Math.max(batchSize, size + BatchEncoding.BATCH_OVERHEAD);
            ProducerBatch fresh = accumulator.newBatch(q.partition, capacity, batchSize, timestamp, deadline, maxBlock);
            ProducerBatch current = q.roll(open, fresh);
            if (current != fresh) {
                // another sender started a batch first: give ours back and try theirs
                fresh.sealAndCount();
                fresh.release();
                accumulator.completed(fresh);
                continue;
            }
            // The record first, then the wake-up: the sender must not find the new batch still empty.
            boolean appended = fresh.tryAppend(timestamp, key, value, headers, fixedBody, future) >= 0;
            if (open != null) {
                precompress(open); // the batch roll sealed, unless it was sealed before (then this does nothing)
            }
            sender.wakeup();
            if (appended) {
                return q;
            }
        }
    }

    @Override
    public RecordMetadata sendSync(ProducerRecord<K, V> record) {
        try {
            return send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KurierException("interrupted while waiting for the acknowledgement", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new KurierException(String.valueOf(c), c);
        }
    }

    @Override
    public void flush() {
        try {
            awaitAllSentBefore(Duration.ofDays(365));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KurierException("interrupted during flush", e);
        }
    }

    /**
     * Makes every batch that exists now sendable at once and waits for each to complete: every record whose send
     * returned before this call is in one of them.
     */
    private boolean awaitAllSentBefore(long timeoutMs) throws InterruptedException {
        return awaitAllSentBefore(Duration.ofMillis(timeoutMs));
    }

    private boolean awaitAllSentBefore(Duration timeout) throws InterruptedException {
        List<ProducerBatch> batches = accumulator.incompleteBatches();
        sender.beginFlush();
        try {
            return accumulator.awaitCompletion(batches, timeout);
        } finally {
            sender.endFlush();
        }
    }

    @Override
    public void initTransactions() {
        transactions("initTransactions()").initTransactions();
    }

    @Override
    public void beginTransaction() {
        transactions("beginTransaction()").beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(java.util.Map<dev.kurier.client.common.TopicPartition,
            dev.kurier.client.group.OffsetAndMetadata> offsets, dev.kurier.client.group.GroupMetadata groupMetadata) {
        transactions("sendOffsetsToTransaction()").sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void commitTransaction() {
        transactions("commitTransaction()").commitTransaction(this::awaitAllSentBefore);
    }

    @Override
    public void abortTransaction() {
        transactions("abortTransaction()").abortTransaction(this::awaitAllSentBefore);
    }

    private TransactionManager transactions(String call) {
        if (txn == null) {
            throw new IllegalStateException("producer " + clientId + ": " + call + " needs a transactional producer;"
                    + " set transactional.id");
        }
        if (closed) {
            throw new IllegalStateException("producer " + clientId + " is closed: cannot call " + call);
        }
        return txn;
    }

    /**
     * Tests only: the sender thread takes each new producer id or epoch {@code delay} after it is handed over, as a
     * sender busy draining would (to test that nothing leaves under the old epoch meanwhile).
     */
    public void delayProducerIdInstallsForTests(Duration delay) {
        sender.delayInstalls(delay);
    }

    /**
     * The transactions version in use (KIP-890): 2 when the cluster finalized {@code transaction.version=2} (partitions
     * join the transaction with the Produce request, the epoch moves on with every transaction), 1 on older clusters,
     * 0 before {@link #initTransactions()} or without {@code transactional.id}.
     */
    public int transactionVersion() {
        if (txn == null || txn.state() == TransactionManager.State.UNINITIALIZED
                || txn.state() == TransactionManager.State.INITIALIZING) {
            return 0;
        }
        return txn.v2() ? 2 : 1;
    }

    /** Records and bytes queued or in flight (the queue depth). */
    public long queuedRecords() {
        return accumulator.bufferedRecords();
    }

    /** Bytes queued or in flight. */
    public long queuedBytes() {
        return accumulator.bufferedBytes();
    }

    /** The producer's counters. */
    public ProducerMetrics metrics() {
        return metrics;
    }

    @Override
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        if (txn != null) {
            endTransactionAtClose();
        }
        closed = true;
        boolean drained;
        try {
            drained = awaitAllSentBefore(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (drained) {
            sender.initiateClose();
        } else {
            log.warn("producer {}: {} record(s) not acknowledged within the close timeout of {} ms are failed",
                    clientId, accumulator.bufferedRecords(), timeout.toMillis());
            sender.forceClose();
        }
        if (txn != null) {
            txn.close();
        }
        try {
            senderThread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        network.close();
        onClose.accept(this);
        log.info("producer {} closed", clientId);
    }

    /**
     * As kafka-clients: a transaction still open at close is aborted, and a commit or abort under way is completed
     * (each within max.block.ms), so the broker does not keep it open until transaction.timeout.ms, holding back
     * read_committed readers and the group offsets it carries.
     */
    private void endTransactionAtClose() {
        TransactionManager.State s = txn.state();
        try {
            switch (s) {
                case IN_TRANSACTION, ABORTABLE_ERROR, ABORTING -> {
                    log.info("producer {}: aborting the transaction still open at close", clientId);
                    txn.abortTransaction(this::awaitAllSentBefore);
                }
                case COMMITTING -> {
                    log.info("producer {}: completing the commit under way at close", clientId);
                    txn.commitTransaction(this::awaitAllSentBefore);
                }
                default -> {
                    // no transaction open
                }
            }
        } catch (RuntimeException e) {
            log.warn("producer {}: the transaction open at close could not be ended ({}); the broker aborts it after"
                    + " transaction.timeout.ms", clientId, e.toString());
        }
    }

    @Override
    public void close() {
        close(config.get(ProducerConfig.DELIVERY_TIMEOUT_MS));
    }
}
