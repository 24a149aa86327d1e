package dev.kurier.client.errors;

/**
 * SASL authentication with a broker failed: the broker rejected the credentials, does not offer the configured
 * {@code sasl.mechanism}, or the exchange itself was wrong (for SCRAM, a server signature that does not match).
 */
public class SaslAuthenticationException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    /** A SASL failure described by {@code message}. */
    public SaslAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
