package dev.kurier.spring.listener;

import java.util.Objects;

/**
 * Thrown by a batch listener to say which record failed: records before {@code index} are processed (they are
 * acknowledged, whatever the ack mode), the record at {@code index} failed with the cause. The container retries from
 * that record as the error handler says (the listener is called with the batch from it on), then recovers that record
 * alone and goes on with the ones after it. Without it, an exception fails the whole batch: it is retried, then every
 * record of it is recovered. Spring Kafka calls this {@code BatchListenerFailedException}.
 */
public class BatchFailure extends RuntimeException {

    private final int index;

    /** Record {@code index} (0-based, of the list the listener was given) failed with {@code cause}. */
    public BatchFailure(int index, Throwable cause) {
        super("record " + index + " of the batch failed: " + (cause == null ? null : cause.getMessage()),
                Objects.requireNonNull(cause, "cause"));
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, got " + index);
        }
        this.index = index;
    }

    /** The index of the failed record in the list the listener was given. */
    public int index() {
        return index;
    }
}
