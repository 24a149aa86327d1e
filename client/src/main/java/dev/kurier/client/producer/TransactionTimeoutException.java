package dev.kurier.client.producer;

/**
 * A transactional call did not complete within {@code max.block.ms} (the coordinator was unavailable or busy, records
 * were still waiting for acknowledgements). The operation goes on in the background: call the same method again to
 * wait for its result.
 */
public class TransactionTimeoutException extends TransactionException {

    private static final long serialVersionUID = 1L;

    /** An exception described by {@code message}, caused by the last retriable failure (may be null). */
    public TransactionTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
