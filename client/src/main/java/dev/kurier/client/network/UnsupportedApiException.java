package dev.kurier.client.network;

import dev.kurier.client.errors.KurierException;

/**
 * The broker does not support any version of an API that Kurier implements (it is too old, or the API is
 * disabled). Not retriable against that broker.
 */
public class UnsupportedApiException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** {@code broker} cannot serve the API, as {@code detail} explains. */
    public UnsupportedApiException(Endpoint broker, String detail) {
        super("broker " + broker + " " + detail);
    }
}
