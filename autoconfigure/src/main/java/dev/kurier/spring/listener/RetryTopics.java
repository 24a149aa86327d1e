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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of non-blocking retries ({@link dev.kurier.spring.annotation.KurierRetryableTopic}): topic names, the
 * delay before each retry, the error handler that forwards a failed record to the next stage, and the handler that
 * holds a retried record back until it is due.
 */
public final class RetryTopics {

    /** Header: the call this record gets next (2 for the first retry). */
    public static final String ATTEMPT = "kurier_retry_attempt";
    /** Header: when the record may be called again (epoch ms). */
    public static final String DUE = "kurier_retry_due";
    /** Header: the topic the record first failed on. */
    public static final String ORIGINAL_TOPIC = "kurier_retry_original_topic";

    private static final Logger log = LoggerFactory.getLogger(RetryTopics.class);

    private final int attempts;
    private final Duration delay;
    private final double multiplier;
    private final Duration maxDelay;

    /** {@code attempts} calls in all (at least 2); the first retry after {@code delay}, growing by {@code multiplier}. */
    public RetryTopics(int attempts, Duration delay, double multiplier, Duration maxDelay) {
        if (attempts < 2) {
            throw new IllegalArgumentException("retryable topic attempts must be at least 2, got " + attempts);
        }
        if (delay.isNegative() || multiplier < 1 || maxDelay.compareTo(delay) < 0) {
            throw new IllegalArgumentException("retryable topic back-off needs delay >= 0, multiplier >= 1 and "
                    + "maxDelay >= delay");
        }
        this.attempts = attempts;
        this.delay = delay;
        this.multiplier = multiplier;
        this.maxDelay = maxDelay;
    }

    /** Calls in all. */
    public int attempts() {
        return attempts;
    }

    /** The retry topic of stage {@code stage} (1 to attempts - 1) of {@code topic}. */
    public static String retryTopic(String topic, int stage) {
        return topic + "-retry-" + stage;
    }

    /** The dead-letter topic of {@code topic}. */
    public static String deadLetterTopic(String topic) {
        return topic + "-dlt";
    }

    /** The wait before retry stage {@code stage}. */
    Duration delayBefore(int stage) {
        double ms = delay.toMillis() * Math.pow(multiplier, stage - 1);
        return Duration.ofMillis((long) Math.min(ms, maxDelay.toMillis()));
    }

    /** The error handler of every stage: no retry in place, the record goes to the next stage (or the DLT). */
    KurierErrorHandler forwarder(Supplier<? extends KurierTemplate<?, ?>> template, Duration sendTimeout) {
        return new KurierErrorHandler() {
            @Override
            public void handle(String listenerId, List<ConsumerRecord<byte[], byte[]>> records, Exception error)
                    throws Exception {
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    forward(listenerId, r, error, template, sendTimeout);
                }
            }
        };
    }

    private void forward(String listenerId, ConsumerRecord<byte[], byte[]> r, Exception error,
                         Supplier<? extends KurierTemplate<?, ?>> template, Duration sendTimeout) throws Exception {
        int attempt = intHeader(r, ATTEMPT, 1);
        Header original = r.lastHeader(ORIGINAL_TOPIC);
        String base = original != null ? original.valueAsString() : r.topic();
        List<Header> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            if (!h.key().equals(ATTEMPT) && !h.key().equals(DUE) && !h.key().equals(ORIGINAL_TOPIC)) {
                headers.add(h);
            }
        }
        headers.add(Header.of(ORIGINAL_TOPIC, base));
        String to;
        if (attempt < attempts) {
            to = retryTopic(base, attempt);
            headers.add(Header.of(ATTEMPT, Integer.toString(attempt + 1)));
            headers.add(Header.of(DUE, Long.toString(System.currentTimeMillis() + delayBefore(attempt).toMillis())));
        } else {
            to = deadLetterTopic(base);
            headers = new ArrayList<>(DeadLetterRecoverer.headers(listenerId, r, error, attempt));
            headers.add(Header.of(ORIGINAL_TOPIC, base));
        }
        DeadLetterRecoverer.write(template.get(), new ProducerRecord<>(to, null, null, r.key(), r.value(), headers),
                sendTimeout);
        log.debug("listener {}: {}-{}@{} failed (attempt {} of {}, {}); forwarded to {}", listenerId, r.topic(),
                r.partition(), r.offset(), attempt, attempts, error.toString(), to);
    }

    /** Holds a retried record back until its {@link #DUE} time, then calls {@code delegate}. */
    static RecordHandler delaying(RecordHandler delegate) {
        return (records, ack) -> {
            long due = longHeader(records.get(0), DUE, 0);
            long wait = due - System.currentTimeMillis();
            while (wait > 0) {
                Thread.sleep(Math.min(wait, 100)); // an interrupt (shutdown) leaves the record for the next run
                wait = due - System.currentTimeMillis();
            }
            delegate.handle(records, ack);
        };
    }

    private static int intHeader(ConsumerRecord<byte[], byte[]> r, String key, int fallback) {
        return (int) longHeader(r, key, fallback);
    }

    private static long longHeader(ConsumerRecord<byte[], byte[]> r, String key, long fallback) {
        Header h = r.lastHeader(key);
        if (h == null || h.value() == null) {
            return fallback;
        }
        try {
            return Long.parseLong(new String(h.value(), StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public String toString() {
        return "RetryTopics{attempts=" + attempts + ", delay=" + delay + ", multiplier=" + multiplier + ", maxDelay="
                + maxDelay + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryTopics r && r.attempts == attempts && r.delay.equals(delay)
                && r.multiplier == multiplier && r.maxDelay.equals(maxDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attempts, delay, multiplier, maxDelay);
    }
}
