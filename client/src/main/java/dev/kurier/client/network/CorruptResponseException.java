package dev.kurier.client.network;

/**
 * A broker sent bytes we could not read: a bad length prefix, an oversized frame, a truncated or corrupt
 * body. The connection is dropped; nothing past the bad frame is trusted.
 */
public class CorruptResponseException extends NetworkException {

    private static final long serialVersionUID = 1L;

    /** A corrupt response from {@code broker}. */
    public CorruptResponseException(Endpoint broker, String message, Throwable cause) {
        super(broker, "corrupt response from broker " + broker + ": " + message, cause);
    }
}
