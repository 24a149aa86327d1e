package dev.kurier.client.network;

import java.time.Duration;

/** A broker did not answer within {@code request.timeout.ms}; the connection is dropped and re-established. */
public class RequestTimeoutException extends NetworkException {

    private static final long serialVersionUID = 1L;

    /** {@code api} to {@code broker} got no answer within {@code timeout}. */
    public RequestTimeoutException(Endpoint broker, String api, Duration timeout) {
        super(broker, api + " request to broker " + broker + " timed out after " + timeout.toMillis()
                + " ms (request.timeout.ms)", null);
    }
}
