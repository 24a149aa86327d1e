package dev.kurier.client.network;

/** A connection to a broker could not be made, or was lost before the request completed. */
public class BrokerUnavailableException extends NetworkException {

    private static final long serialVersionUID = 1L;

    /** The broker at {@code broker} could not be used, for {@code reason}. */
    public BrokerUnavailableException(Endpoint broker, String reason, Throwable cause) {
        super(broker, "broker " + broker + " unavailable: " + reason, cause);
    }
}
