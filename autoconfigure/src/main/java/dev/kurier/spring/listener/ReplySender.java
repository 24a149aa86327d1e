package dev.kurier.spring.listener;

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
 */
public final class ReplySender {

    private final KurierTemplate<Object, Object> template;
    private final String topic;

    /** Sends replies to {@code topic} with {@code template} (its converter turns values into bytes). */
    @SuppressWarnings("unchecked")
    public ReplySender(KurierTemplate<?, ?> template, String topic) {
        this.template = (KurierTemplate<Object, Object>) Objects.requireNonNull(template, "template");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("a reply topic is needed");
        }
        this.topic = topic;
    }

    /** The topic replies go to. */
    public String topic() {
        return topic;
    }

    /**
     * Sends {@code result} (not {@code null}) of a call over {@code records} and waits for the acknowledgements.
     *
     * @throws Exception the send failure (the call then counts as failed and the error handler decides)
     */
    public void send(List<ConsumerRecord<byte[], byte[]>> records, Object result, boolean batch) throws Exception {
        List<CompletableFuture<SendResult<Object, Object>>> sends = new ArrayList<>();
        if (batch) {
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
            sends.add(template.send(topic, records.get(0).key(), result));
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
