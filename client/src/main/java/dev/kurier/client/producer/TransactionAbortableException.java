package dev.kurier.client.producer;

/**
 * The current transaction failed (a record was not written, an offset commit was refused, the broker asked to abort)
 * and can only be aborted: call {@link Producer#abortTransaction()}, then run the transaction again. The producer stays
 * usable. The cause is the first failure of the transaction.
 */
public class TransactionAbortableException extends TransactionException {

    private static final long serialVersionUID = 1L;

    /** An exception described by {@code message}, caused by {@code cause}. */
    public TransactionAbortableException(String message, Throwable cause) {
        super(message + "; call abortTransaction() and run the transaction again", cause);
    }
}
