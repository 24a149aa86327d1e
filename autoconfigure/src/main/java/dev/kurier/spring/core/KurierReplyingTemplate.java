package dev.kurier.spring.core;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.spring.convert.PayloadConverter;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over topics (Spring Kafka's {@code ReplyingKafkaTemplate}): {@link #sendAndReceive} sends a record
 * with a {@link KurierHeaders#CORRELATION_ID} and a {@link KurierHeaders#REPLY_TOPIC} header and completes with the
 * record that comes back on the reply topic carrying the same correlation id. A {@code @KurierListener} with
 * {@code @KurierSendTo} answers such requests to the topic the request names, copying the correlation id. Replies are
 * read by one consumer of every partition of the reply topic, from its end when the template starts (no group). A
 * request without an answer fails with {@link KurierReplyTimeoutException} after its timeout; a reply nobody waits
 * for (late, or another requester's) is dropped at DEBUG.
 *
 * @param <K> key type of requests and replies
 * @param <V> value type of requests
 * @param <R> value type of replies
 */
public final class KurierReplyingTemplate<K, V, R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KurierReplyingTemplate.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KurierTemplate<K, V> template;
    private final String replyTopic;
    private final Class<K> keyType;
    private final Class<R> replyType;
    private final PayloadConverter converter;
    private final Duration defaultTimeout;
    private final Consumer<byte[], byte[]> consumer;
    private final Map<ByteBuffer, Pending<K, R>> pending = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;

    private record Pending<K, R>(CompletableFuture<ConsumerRecord<K, R>> future, String topic, long deadlineNanos,
                                 Duration timeout) {
    }

    /**
     * A template sending with {@code template}, reading replies from {@code replyTopic} (which must exist) with a
     * consumer of {@code client}, converting reply keys to {@code keyType} and values to {@code replyType} with
     * {@code converter}; requests wait {@code defaultTimeout} unless told otherwise.
     */
    public KurierReplyingTemplate(KurierTemplate<K, V> template, KurierClient client, String replyTopic,
                                  Class<K> keyType, Class<R> replyType, PayloadConverter converter,
                                  Duration defaultTimeout) {
        this.keyType = Objects.requireNonNull(keyType, "keyType");
        this.template = Objects.requireNonNull(template, "template");
        this.replyTopic = Objects.requireNonNull(replyTopic, "replyTopic");
        this.replyType = Objects.requireNonNull(replyType, "replyType");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        int partitions;
        try {
            partitions = client.admin().describeTopics(List.of(replyTopic)).get(30, TimeUnit.SECONDS)
                    .get(replyTopic).partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException("reply topic " + replyTopic + " cannot be read: " + e.getMessage(), e);
        }
        this.consumer = client.consumer(ConsumerConfig.defaults(), Serdes.bytesDeserializer(), Serdes.bytesDeserializer());
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(replyTopic, p));
        }
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        for (TopicPartition tp : tps) {
            consumer.position(tp); // resolve the end now: replies to requests sent from here on are read
        }
        this.reader = new Thread(this::readReplies, "kurier-replies-" + replyTopic);
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends {@code value} with {@code key} to {@code topic} and waits up to the default timeout for the reply. */
    public CompletableFuture<ConsumerRecord<K, R>> sendAndReceive(String topic, K key, V value) {
        return sendAndReceive(ProducerRecord.of(topic, key, value), defaultTimeout);
    }

    /** Sends {@code request} (its headers kept) and waits up to {@code timeout} for the reply. */
    public CompletableFuture<ConsumerRecord<K, R>> sendAndReceive(ProducerRecord<K, V> request, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the replying template is closed"));
        }
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        List<Header> headers = new ArrayList<>(request.headers());
        headers.add(new Header(KurierHeaders.CORRELATION_ID, id));
        headers.add(Header.of(KurierHeaders.REPLY_TOPIC, replyTopic));
        ProducerRecord<K, V> withHeaders = new ProducerRecord<>(request.topic(), request.partition(),
                request.timestamp(), request.key(), request.value(), headers);
        CompletableFuture<ConsumerRecord<K, R>> reply = new CompletableFuture<>();
        ByteBuffer key = ByteBuffer.wrap(id);
        pending.put(key, new Pending<>(reply, request.topic(), System.nanoTime() + timeout.toNanos(), timeout));
        template.send(withHeaders).whenComplete((r, e) -> {
            if (e != null) {
                pending.remove(key);
                reply.completeExceptionally(e);
            }
        });
        return reply;
    }

    private void readReplies() {
        while (!closed) {
            try {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    complete(r);
                }
                expire();
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                if (!closed) {
                    log.warn("reading replies from {} failed, going on: {}", replyTopic, e.toString());
                }
            }
        }
    }

    private void complete(ConsumerRecord<byte[], byte[]> r) {
        Header id = r.lastHeader(KurierHeaders.CORRELATION_ID);
        Pending<K, R> p = id == null ? null : pending.remove(ByteBuffer.wrap(id.value()));
        if (p == null) {
            log.debug("reply {}-{}@{} matches no waiting request (late, or another requester's)", r.topic(),
                    r.partition(), r.offset());
            return;
        }
        try {
            K key = keyType.cast(converter.fromBytes(r.topic(), r.key(), keyType));
            R value = replyType.cast(converter.fromBytes(r.topic(), r.value(), replyType));
            p.future().complete(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(),
                    r.timestampType(), key, value, r.headers(), r.serializedKeySize(), r.serializedValueSize(),
                    r.leaderEpoch()));
        } catch (RuntimeException e) {
            p.future().completeExceptionally(e);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        pending.entrySet().removeIf(e -> {
            Pending<K, R> p = e.getValue();
            if (now - p.deadlineNanos() >= 0) {
                p.future().completeExceptionally(new KurierReplyTimeoutException(p.topic(), replyTopic, p.timeout()));
                return true;
            }
            return false;
        });
    }

    /** Stops reading replies; requests still waiting fail. */
    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        pending.values().forEach(p -> p.future().completeExceptionally(
                new IllegalStateException("the replying template was closed before a reply came")));
        pending.clear();
    }
}
