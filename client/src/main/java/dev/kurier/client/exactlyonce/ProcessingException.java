package dev.kurier.client.exactlyonce;

import dev.kurier.client.errors.KurierException;

/**
 * The transform threw for a record: its transaction was aborted, nothing of it was written or committed, and the
 * processor stopped at that record (a restarted processor begins there again).
 */
public class ProcessingException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** The failure of the transform for the record at {@code topic}-{@code partition}@{@code offset}. */
    public ProcessingException(String topic, int partition, long offset, Throwable cause) {
        super("the transform failed for the record at " + topic + "-" + partition + " offset " + offset
                + "; its transaction was aborted and the processor stopped there: " + cause, cause);
    }
}
