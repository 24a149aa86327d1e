package dev.kurier.client.producer;

/**
 * The transactional producer cannot go on (another producer with the same {@code transactional.id} took over, the id
 * is not authorized, the broker does not support transactions): every further transactional call fails with this,
 * and the only thing left to do is to close the producer (and, after fencing, to let the newer one work).
 */
public class TransactionFatalException extends TransactionException {

    private static final long serialVersionUID = 1L;

    /** An exception described by {@code message}, caused by {@code cause} (may be null). */
    public TransactionFatalException(String message, Throwable cause) {
        super(message + "; close the producer", cause);
    }
}
