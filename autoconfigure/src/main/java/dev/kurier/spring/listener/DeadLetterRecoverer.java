package dev.kurier.spring.listener;

import dev.kurier.client.common.Header;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.spring.core.KurierTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a failed record to a dead-letter topic ({@code <topic>.DLT} by default) through the application's
 * {@link KurierTemplate}: the original key and value bytes and headers, plus the {@link DeadLetterHeaders} naming
 * where it came from and why it failed. The key is kept, so records of one key stay in order in the dead-letter
 * topic too. Waits for the broker's acknowledgement (up to the send timeout) and throws when the write fails, so the
 * record is not acknowledged while it is not safely stored.
 */
public final class DeadLetterRecoverer implements ConsumerRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);

    /** The default suffix of dead-letter topics. */
    public static final String DEFAULT_SUFFIX = ".DLT";

    private final Supplier<? extends KurierTemplate<?, ?>> template;
    private final Function<ConsumerRecord<byte[], byte[]>, String> destination;
    private final Duration sendTimeout;

    /**
     * A recoverer sending with {@code template} (looked up at the first failure) to the topic {@code destination}
     * names for a record, waiting up to {@code sendTimeout} for each write.
     */
    public DeadLetterRecoverer(Supplier<? extends KurierTemplate<?, ?>> template,
                               Function<ConsumerRecord<byte[], byte[]>, String> destination, Duration sendTimeout) {
        this.template = Objects.requireNonNull(template, "template");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
    }

    /** Sends to {@code <topic><suffix>}. */
    public static Function<ConsumerRecord<byte[], byte[]>, String> suffixed(String suffix) {
        return r -> r.topic() + suffix;
    }

    @Override
    public void recover(String listenerId, ConsumerRecord<byte[], byte[]> record, Exception error, int attempts)
            throws Exception {
        String topic = destination.apply(record);
        ProducerRecord<Object, Object> out = new ProducerRecord<>(topic, null, null, record.key(), record.value(),
                headers(listenerId, record, error, attempts));
        write(template.get(), out, sendTimeout);
        log.info("listener {}: {}-{}@{} written to dead-letter topic {} after {} attempt{} ({})", listenerId,
                record.topic(), record.partition(), record.offset(), topic, attempts, attempts == 1 ? "" : "s",
                error.getClass().getSimpleName());
    }

    /**
     * Sends {@code out} with {@code template} and waits for the broker's acknowledgement up to {@code sendTimeout};
     * the failure is thrown (so the record being recovered stays unacknowledged).
     */
    @SuppressWarnings("unchecked")
    static void write(KurierTemplate<?, ?> template, ProducerRecord<Object, Object> out, Duration sendTimeout)
            throws Exception {
        try {
            // a transactional template writes the dead letter in a transaction of its own
            ((KurierTemplate<Object, Object>) template).withTransactionIfNeeded(t -> {
                try {
                    return t.send(out).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
        } catch (java.util.concurrent.CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof ExecutionException ee) {
                throw ee.getCause() instanceof Exception x ? x : ee;
            }
            if (c instanceof TimeoutException) {
                throw new TimeoutException("no acknowledgement from " + out.topic() + " within "
                        + sendTimeout.toMillis() + " ms");
            }
            throw c instanceof Exception x ? x : e;
        }
    }

    /** The original headers followed by the dead-letter headers. */
    static List<Header> headers(String listenerId, ConsumerRecord<byte[], byte[]> record, Exception error, int attempts) {
        List<Header> hs = new ArrayList<>(record.headers());
        hs.add(text(DeadLetterHeaders.ORIGINAL_TOPIC, record.topic()));
        hs.add(text(DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(record.partition())));
        hs.add(text(DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(record.offset())));
        hs.add(text(DeadLetterHeaders.ORIGINAL_TIMESTAMP, Long.toString(record.timestamp())));
        hs.add(text(DeadLetterHeaders.EXCEPTION_CLASS, error.getClass().getName()));
        hs.add(text(DeadLetterHeaders.EXCEPTION_MESSAGE, DeadLetterHeaders.truncate(error.getMessage())));
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error) {
            hs.add(text(DeadLetterHeaders.EXCEPTION_CAUSE_CLASS, root.getClass().getName()));
        }
        hs.add(text(DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts)));
        hs.add(text(DeadLetterHeaders.LISTENER_ID, listenerId));
        return hs;
    }

    private static Header text(String key, String value) {
        return new Header(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
