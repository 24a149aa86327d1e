package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.convert.PayloadConversionException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Retries a failed record in place with a {@link BackOff}, then hands it to a {@link ConsumerRecordRecoverer}
 * (dead-letter topic, or log and skip). Exceptions of a not-retryable class (anywhere in the cause chain) go to the
 * recoverer at once; payload conversion failures ({@link PayloadConversionException}) are always not retryable,
 * since reading the same bytes again cannot succeed.
 *
 * <p>The container does the waiting: a worker waits out the back-off while the poll thread keeps polling, and later
 * records of the same partition wait behind the failing one.
 */
public final class RetryingErrorHandler implements KurierErrorHandler {

    /** Exceptions never retried, whatever is configured. */
    public static final List<Class<? extends Throwable>> ALWAYS_NOT_RETRYABLE = List.of(PayloadConversionException.class);

    private final BackOff backOff;
    private final Set<Class<? extends Throwable>> notRetryable;
    private final ConsumerRecordRecoverer recoverer;

    /** A handler retrying with {@code backOff}, except for {@code notRetryable} exceptions, then recovering. */
    public RetryingErrorHandler(BackOff backOff, Set<Class<? extends Throwable>> notRetryable,
                                ConsumerRecordRecoverer recoverer) {
        this.backOff = Objects.requireNonNull(backOff, "backOff");
        Set<Class<? extends Throwable>> s = new LinkedHashSet<>(ALWAYS_NOT_RETRYABLE);
        s.addAll(notRetryable);
        this.notRetryable = Set.copyOf(s);
        this.recoverer = Objects.requireNonNull(recoverer, "recoverer");
    }

    @Override
    public Duration retryDelay(int failedAttempts, Exception error) {
        return isRetryable(error) ? backOff.delayAfter(failedAttempts) : null;
    }

    /** Whether {@code error} is worth retrying: no exception in its cause chain is of a not-retryable class. */
    public boolean isRetryable(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
            for (Class<? extends Throwable> c : notRetryable) {
                if (c.isInstance(t)) {
                    return false;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return true;
    }

    @Override
    public void handle(String listenerId, List<ConsumerRecord<byte[], byte[]>> records, Exception error) throws Exception {
        handle(listenerId, records, error, 1);
    }

    @Override
    public void handle(String listenerId, List<ConsumerRecord<byte[], byte[]>> records, Exception error, int attempts)
            throws Exception {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            recoverer.recover(listenerId, r, error, attempts);
        }
    }

    /** The back-off. */
    public BackOff backOff() {
        return backOff;
    }

    /** The recoverer. */
    public ConsumerRecordRecoverer recoverer() {
        return recoverer;
    }

    /** The not-retryable exception classes (including {@link #ALWAYS_NOT_RETRYABLE}). */
    public Set<Class<? extends Throwable>> notRetryable() {
        return notRetryable;
    }
}
