package dev.kurier.client.protocol;

import dev.kurier.client.errors.KurierException;

/** A request or field that cannot be expressed at the version the broker and Kurier agreed on. */
public class UnsupportedVersionException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** An unsupported-version failure described by {@code message}. */
    public UnsupportedVersionException(String message) {
        super(message);
    }
}
