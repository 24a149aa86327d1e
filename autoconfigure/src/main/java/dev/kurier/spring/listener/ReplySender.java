package dev.kurier.spring.listener;

import dev.kurier.client.common.Header;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.spring.core.KurierHeaders;

import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.core.SendResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Forwards a listener method's return value ({@code @KurierSendTo} / {@code @SendTo}) to a topic with the
 * {@link KurierTemplate}, and waits until the broker acknowledged it: the incoming records are acknowledged only
 * after that, so a crash cannot lose a reply (it can at most send it twice). A record listener's reply carries
 * the incoming record's key; each element of a batch listener's returned collection is sent without a key.
 *
 * <p>Request/reply ({@link dev.kurier.spring.core.KurierReplyingTemplate}): a record listener's reply to a record with a
 * {@link KurierHeaders#REPLY_TOPIC} header goes to that topic, and carries the request's
 * {@link KurierHeaders#CORRELATION_ID}.
 */
public final class ReplySender {

    private final KurierTemplate<Object, Object> template;
    private final String topic;

    /**
     * Sends replies to {@code topic} with {@code template} (its converter turns values into bytes); {@code null}: only
     * to the topic a request names in its {@link KurierHeaders#REPLY_TOPIC} header.
     */
    @SuppressWarnings("unchecked")
    public ReplySender(KurierTemplate<?, ?> template, String topic) {
        this.template = (KurierTemplate<Object, Object>) Objects.requireNonNull(template, "template");
        this.topic = topic == null || topic.isBlank() ? null : topic;
    }

    /** The topic replies go to when a request names none, or {@code null}. */
    public String topic() {
        return topic;
    }

    /**
     * Sends {@code result} (not {@code null}) of a call over {@code records} and waits for the acknowledgements.
     *
     * @throws Exception the send failure (the call then counts as failed and the error handler decides)
     */
    public void send(List<ConsumerRecord<byte[], byte[]>> records, Object result, boolean batch) throws Exception {
        try {
            // a transactional template sends the replies in a transaction of their own
            template.withTransactionIfNeeded(t -> {
                try {
                    send(t, records, result, batch);
                    return null;
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    private void send(KurierTemplate<Object, Object> template, List<ConsumerRecord<byte[], byte[]>> records,
                      Object result, boolean batch) throws Exception {
        List<CompletableFuture<SendResult<Object, Object>>> sends = new ArrayList<>();
        if (batch) {
            if (topic == null) {
                throw new IllegalStateException("a batch listener's replies need a topic: name one in @KurierSendTo "
                        + "or set kurier.template.default-topic");
            }
            if (result instanceof Collection<?> values) {
                for (Object v : values) {
                    if (v != null) {
                        sends.add(template.send(topic, v));
                    }
                }
            } else {
                sends.add(template.send(topic, result));
            }
        } else {
            ConsumerRecord<byte[], byte[]> request = records.get(0);
            Header replyTo = request.lastHeader(KurierHeaders.REPLY_TOPIC);
            String to = replyTo != null ? replyTo.valueAsString() : topic;
            if (to == null) {
                throw new IllegalStateException("no topic for the reply to " + request.topic() + "-"
                        + request.partition() + "@" + request.offset() + ": it has no " + KurierHeaders.REPLY_TOPIC
                        + " header and @KurierSendTo names no topic (nor kurier.template.default-topic)");
            }
            Header correlation = request.lastHeader(KurierHeaders.CORRELATION_ID);
            List<Header> headers = correlation == null ? List.of() : List.of(correlation);
            sends.add(template.send(new ProducerRecord<>(to, null, null, request.key(), result, headers)));
        }
        for (CompletableFuture<SendResult<Object, Object>> f : sends) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception c ? c : e;
            }
        }
    }
}
