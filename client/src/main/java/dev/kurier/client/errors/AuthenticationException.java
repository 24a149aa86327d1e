package dev.kurier.client.errors;

/**
 * The client could not prove who it is to a broker, or could not trust the broker: a wrong password or unknown
 * user (SASL), or a failed TLS handshake. Not retriable: the same credentials fail again, so callers get this at
 * once instead of a timeout. The message names the broker and the mechanism and says what to check; it never
 * holds a secret.
 */
public class AuthenticationException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** An authentication failure described by {@code message}. */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
