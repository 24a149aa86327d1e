package dev.kurier.client.producer;

import dev.kurier.client.errors.KurierException;

/**
 * The record's transaction was aborted before the record was sent ({@link Producer#abortTransaction()}); it was not
 * written. Record futures fail with this; it is not a failure of the transaction itself.
 */
public class TransactionAbortedException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** An exception described by {@code message}. */
    public TransactionAbortedException(String message) {
        super(message);
    }
}
