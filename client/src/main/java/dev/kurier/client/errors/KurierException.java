package dev.kurier.client.errors;

/**
 * Base of every exception Kurier throws for a Kafka-level failure. Subtypes name what failed: the broker
 * address, the topic-partition and offset, or the config key.
 */
public class KurierException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception described by {@code message}. */
    public KurierException(String message) {
        super(message);
    }

    /** An exception described by {@code message}, caused by {@code cause}. */
    public KurierException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether retrying the same operation may succeed. */
    public boolean isRetriable() {
        return false;
    }
}
