package dev.kurier.client.network;

import dev.kurier.client.errors.KurierException;

/**
 * A failure talking to one broker: it could not be reached, closed the connection, timed out, or sent
 * something we could not read. The message names the broker. Retriable: another attempt, after metadata
 * is refreshed, may reach a working broker.
 */
public class NetworkException extends KurierException {

    private static final long serialVersionUID = 1L;

    private final transient Endpoint broker;

    /** A failure with {@code broker}. */
    public NetworkException(Endpoint broker, String message, Throwable cause) {
        super(message, cause);
        this.broker = broker;
    }

    /** The broker this failure happened with. */
    public Endpoint broker() {
        return broker;
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
