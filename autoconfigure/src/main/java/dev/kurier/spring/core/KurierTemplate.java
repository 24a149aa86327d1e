package dev.kurier.spring.core;

import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.spring.transaction.TransactionBinding;
import dev.kurier.spring.transaction.TransactionalProducers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends records with Kurier's {@link Producer}: the Spring-facing producer. Thread-safe; one template (one
 * producer) serves the whole application. Every send returns a future that completes with a {@link SendResult}
 * once the broker acknowledged the record, or fails with a {@link KurierSendException} naming the topic (also for
 * failures that happen before the record is queued, such as a value that cannot be serialized).
 *
 * <p>Futures complete on the producer's I/O threads: chain non-blocking work only.
 *
 * <p>A transactional template ({@code kurier.producer.transaction-id-prefix}) sends on the producer of the current
 * transaction: inside {@code @Transactional} (with {@link dev.kurier.spring.transaction.KurierTransactionManager}),
 * inside {@link #executeInTransaction}, or in a transactional listener. A send outside one throws
 * {@link IllegalStateException}: a record sent outside would be written at once, which is not what a transactional
 * application means.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class KurierTemplate<K, V> implements AutoCloseable {

    private final Producer<K, V> producer;
    /** The pool of a transactional template, else null. */
    private final TransactionalProducers<K, V> transactional;
    private final String defaultTopic;
    private final Duration closeTimeout;
    private volatile SendInterceptor interceptor;

    /** A template over {@code producer}; {@code defaultTopic} (may be {@code null}) is used by sendDefault. */
    public KurierTemplate(Producer<K, V> producer, String defaultTopic) {
        this(producer, defaultTopic, Duration.ofSeconds(30));
    }

    /** As above; closing waits up to {@code closeTimeout} for queued records. */
    public KurierTemplate(Producer<K, V> producer, String defaultTopic, Duration closeTimeout) {
        this.producer = java.util.Objects.requireNonNull(producer, "producer");
        this.transactional = null;
        this.defaultTopic = defaultTopic == null || defaultTopic.isBlank() ? null : defaultTopic;
        this.closeTimeout = closeTimeout;
    }

    /** A transactional template over the producers of {@code producers} (see the class comment). */
    public KurierTemplate(TransactionalProducers<K, V> producers, String defaultTopic, Duration closeTimeout) {
        this.producer = null;
        this.transactional = java.util.Objects.requireNonNull(producers, "producers");
        this.defaultTopic = defaultTopic == null || defaultTopic.isBlank() ? null : defaultTopic;
        this.closeTimeout = closeTimeout;
    }

    /** Whether sends need a transaction ({@code kurier.producer.transaction-id-prefix}). */
    public boolean isTransactional() {
        return transactional != null;
    }

    /** The pool of a transactional template, or {@code null}. */
    public TransactionalProducers<K, V> transactionalProducers() {
        return transactional;
    }

    /**
     * Runs {@code callback} in a transaction of its own, on a producer of the pool, and commits it when the callback
     * returns (every record it sent is then acknowledged and visible to read_committed readers) or aborts it when the
     * callback throws (nothing it sent becomes visible) and rethrows. The callback sends with the template it is given.
     *
     * @throws IllegalStateException when the template is not transactional
     * @throws dev.kurier.client.producer.TransactionException when the commit failed (the transaction was aborted)
     */
    public <T> T executeInTransaction(java.util.function.Function<KurierTemplate<K, V>, T> callback) {
        if (transactional == null) {
            throw new IllegalStateException("executeInTransaction needs a transactional template: set"
                    + " kurier.producer.transaction-id-prefix");
        }
        Producer<K, V> p = transactional.acquire();
        Throwable failure = null;
        boolean clean = false; // the transaction ended, committed or aborted: the producer can serve again
        try {
            p.beginTransaction();
            KurierTemplate<K, V> scoped = new KurierTemplate<>(p, defaultTopic, closeTimeout);
            scoped.setSendInterceptor(interceptor);
            T result;
            try {
                result = callback.apply(scoped);
            } catch (RuntimeException | Error e) {
                p.abortTransaction();
                clean = true;
                throw e;
            }
            try {
                p.commitTransaction();
            } catch (dev.kurier.client.producer.TransactionAbortableException e) {
                p.abortTransaction();
                clean = true;
                throw e;
            }
            clean = true;
            return result;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            transactional.release(p, clean ? null : failure);
        }
    }

    /**
     * Runs {@code work} on this template when it is not transactional or a transaction is open on this thread, else in
     * a transaction of its own ({@link #executeInTransaction}): for sends that must happen either way (dead letters,
     * replies).
     */
    public <T> T withTransactionIfNeeded(java.util.function.Function<KurierTemplate<K, V>, T> work) {
        if (transactional == null || TransactionBinding.current(transactional) != null) {
            return work.apply(this);
        }
        return executeInTransaction(work);
    }

    /** Sends {@code value} without a key to {@code topic}. */
    public CompletableFuture<SendResult<K, V>> send(String topic, V value) {
        return send(topic, null, null, value);
    }

    /** Sends {@code key}/{@code value} to {@code topic}; the key chooses the partition. */
    public CompletableFuture<SendResult<K, V>> send(String topic, K key, V value) {
        return send(topic, null, key, value);
    }

    /** Sends to an explicit {@code partition} ({@code null}: let the partitioner choose). */
    public CompletableFuture<SendResult<K, V>> send(String topic, Integer partition, K key, V value) {
        ProducerRecord<K, V> record;
        try {
            record = new ProducerRecord<>(topic, partition, null, key, value, List.of());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(record);
    }

    /**
     * Wraps every later send in {@code interceptor} ({@code null}: none). The auto-configuration sets the
     * observation interceptor here when Micrometer Observation is in use.
     */
    public void setSendInterceptor(SendInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    /** The interceptor every send goes through, or {@code null}. */
    public SendInterceptor sendInterceptor() {
        return interceptor;
    }

    /** Sends {@code record} as it is (headers, timestamp, partition), through the interceptor if one is set. */
    public CompletableFuture<SendResult<K, V>> send(ProducerRecord<K, V> record) {
        Producer<K, V> p = current(); // a transactional template outside a transaction throws here: a misuse
        SendInterceptor i = interceptor;
        if (i == null) {
            return doSend(p, record);
        }
        try {
            return i.intercept(record, r -> doSend(p, r));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new KurierSendException(record, e));
        }
    }

    private CompletableFuture<SendResult<K, V>> doSend(Producer<K, V> p, ProducerRecord<K, V> record) {
        CompletableFuture<SendResult<K, V>> result = new CompletableFuture<>();
        try {
            p.send(record).whenComplete((md, err) -> {
                if (err == null) {
                    result.complete(new SendResult<>(record, md));
                } else {
                    result.completeExceptionally(new KurierSendException(record, unwrap(err)));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(new KurierSendException(record, e));
        }
        return result;
    }

    /** Sends {@code value} to the default topic ({@code kurier.template.default-topic}). */
    public CompletableFuture<SendResult<K, V>> sendDefault(V value) {
        return send(requireDefaultTopic(), null, null, value);
    }

    /** Sends {@code key}/{@code value} to the default topic. */
    public CompletableFuture<SendResult<K, V>> sendDefault(K key, V value) {
        return send(requireDefaultTopic(), null, key, value);
    }

    /** Sends to a partition of the default topic. */
    public CompletableFuture<SendResult<K, V>> sendDefault(Integer partition, K key, V value) {
        return send(requireDefaultTopic(), partition, key, value);
    }

    /** Sends everything queued now and waits until each of those records is acknowledged or failed. */
    public void flush() {
        current().flush();
    }

    /** The producer to send on: the template's own, or the current transaction's. */
    private Producer<K, V> current() {
        if (transactional == null) {
            return producer;
        }
        Producer<K, V> p = TransactionBinding.current(transactional);
        if (p == null) {
            throw new IllegalStateException("this template is transactional (kurier.producer.transaction-id-prefix="
                    + transactional.prefix() + "): send inside @Transactional with the KurierTransactionManager, inside"
                    + " executeInTransaction, or from a transactional listener");
        }
        return p;
    }

    /** The default topic, or {@code null}. */
    public String defaultTopic() {
        return defaultTopic;
    }

    /**
     * The producer under this template (for metrics and anything the template does not offer); for a transactional
     * template, the current transaction's producer, or {@code null} outside a transaction.
     */
    public Producer<K, V> producer() {
        return transactional == null ? producer : TransactionBinding.current(transactional);
    }

    /** Closes the producer (or the pool's idle producers), waiting for queued records up to the close timeout. */
    @Override
    public void close() {
        if (transactional != null) {
            transactional.close();
            return;
        }
        producer.close(closeTimeout);
    }

    private String requireDefaultTopic() {
        if (defaultTopic == null) {
            throw new IllegalStateException("sendDefault needs a default topic: set kurier.template.default-topic");
        }
        return defaultTopic;
    }

    private static Throwable unwrap(Throwable err) {
        return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    }
}
