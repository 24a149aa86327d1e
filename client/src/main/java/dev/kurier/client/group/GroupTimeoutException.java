package dev.kurier.client.group;

import dev.kurier.client.errors.KurierException;

/**
 * A blocking group operation (commitSync, committed, close) did not finish within its time limit. The
 * operation may still complete in the background; retrying is safe.
 */
public class GroupTimeoutException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** A timeout described by {@code message}, with the last failure seen as {@code cause} if any. */
    public GroupTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
