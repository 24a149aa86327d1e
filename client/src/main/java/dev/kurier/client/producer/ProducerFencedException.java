package dev.kurier.client.producer;

/**
 * A newer producer with the same {@code transactional.id} has initialized transactions (or the coordinator aborted
 * this one's transaction after its timeout and bumped the epoch): this producer is a zombie and must be closed. Its
 * open transaction is aborted by the coordinator; nothing it sent in it becomes visible to read_committed readers.
 */
public class ProducerFencedException extends TransactionFatalException {

    private static final long serialVersionUID = 1L;

    /** An exception described by {@code message}, caused by {@code cause} (may be null). */
    public ProducerFencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
