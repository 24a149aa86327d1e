package dev.kurier.client.admin;

import dev.kurier.client.errors.KurierException;

/**
 * An admin operation did not complete within its time limit ({@code default.api.timeout.ms}) while its errors kept
 * being retriable; the message names the operation, the entity and the last error.
 */
public class AdminTimeoutException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** A timeout described by {@code message}. */
    public AdminTimeoutException(String message) {
        super(message);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
