package dev.kurier.spring.core;

import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerRecord;
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
 * @param <K> key type
 * @param <V> value type
 */
public class KurierTemplate<K, V> implements AutoCloseable {

    private final Producer<K, V> producer;
    private final String defaultTopic;
    private final Duration closeTimeout;
    private volatile SendInterceptor interceptor;

    /** A template over {@code producer}; {@code defaultTopic} (may be {@code null}) is used by sendDefault. */
    public KurierTemplate(Producer<K, V> producer, String defaultTopic) {
        this(producer, defaultTopic, Duration.ofSeconds(30));
    }

    /** As above; closing waits up to {@code closeTimeout} for queued records. */
    public KurierTemplate(Producer<K, V> producer, String defaultTopic, Duration closeTimeout) {
        this.producer = producer;
        this.defaultTopic = defaultTopic == null || defaultTopic.isBlank() ? null : defaultTopic;
        this.closeTimeout = closeTimeout;
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
        SendInterceptor i = interceptor;
        if (i == null) {
            return doSend(record);
        }
        try {
            return i.intercept(record, this::doSend);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new KurierSendException(record, e));
        }
    }

    private CompletableFuture<SendResult<K, V>> doSend(ProducerRecord<K, V> record) {
        CompletableFuture<SendResult<K, V>> result = new CompletableFuture<>();
        try {
            producer.send(record).whenComplete((md, err) -> {
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
        producer.flush();
    }

    /** The default topic, or {@code null}. */
    public String defaultTopic() {
        return defaultTopic;
    }

    /** The producer under this template (for metrics and anything the template does not offer). */
    public Producer<K, V> producer() {
        return producer;
    }

    /** Closes the producer, waiting for queued records up to the close timeout. */
    @Override
    public void close() {
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
