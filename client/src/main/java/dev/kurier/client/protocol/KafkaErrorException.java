package dev.kurier.client.protocol;

import dev.kurier.client.errors.KurierException;

/**
 * A broker answered with an error code. Carries the {@link Errors} value, whether a retry may succeed, and
 * what the request was about (topic-partition, group, broker) so the message names it.
 */
public class KafkaErrorException extends KurierException {

    private static final long serialVersionUID = 1L;

    private final transient Errors error;

    /** An exception for {@code error} about {@code context}. */
    public KafkaErrorException(Errors error, String context) {
        super(error.name() + " (error code " + error.code + ")" + (context == null || context.isEmpty() ? "" : ": " + context));
        this.error = error;
    }

    /** The broker's error. */
    public Errors error() {
        return error;
    }

    /** Whether the same request may succeed if retried. */
    @Override
    public boolean isRetriable() {
        return error.retriable;
    }
}
