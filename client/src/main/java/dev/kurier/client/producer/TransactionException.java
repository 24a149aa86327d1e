package dev.kurier.client.producer;

import dev.kurier.client.errors.KurierException;

/**
 * A transaction could not go on. The subtype says what the caller must do: {@link TransactionAbortableException}
 * (abort the transaction; the producer stays usable), {@link TransactionFatalException} (close the producer) or
 * {@link TransactionTimeoutException} (call the same method again).
 */
public abstract class TransactionException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** An exception described by {@code message}, caused by {@code cause} (may be null). */
    protected TransactionException(String message, Throwable cause) {
        super(message, cause);
    }
}
