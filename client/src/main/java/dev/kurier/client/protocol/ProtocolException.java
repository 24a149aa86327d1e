package dev.kurier.client.protocol;

import dev.kurier.client.errors.KurierException;

/**
 * Bytes that do not follow the Kafka protocol: a truncated or corrupt frame, a bad length, a bad CRC.
 * The connection that produced them cannot be trusted any more and is dropped by the network layer.
 */
public class ProtocolException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** A protocol violation described by {@code message}. */
    public ProtocolException(String message) {
        super(message);
    }

    /** A protocol violation described by {@code message}, caused by {@code cause}. */
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
