package dev.kurier.client.errors;

/**
 * The TLS handshake with a broker failed. {@link #reason()} says which of the usual causes it was, and the message
 * says what to check.
 */
public class SslAuthenticationException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    /** Why a TLS handshake failed. */
    public enum Reason {
        /** The broker's certificate is not signed by a CA in the trust store. */
        UNKNOWN_CA,
        /** A certificate in the chain has expired or is not valid yet. */
        EXPIRED_CERTIFICATE,
        /** The broker's certificate does not name the host the client connected to. */
        HOSTNAME_MISMATCH,
        /** Client and broker share no TLS version or cipher suite. */
        PROTOCOL_MISMATCH,
        /** The broker refused the client's certificate, or wanted one and got none (mTLS). */
        CLIENT_CERTIFICATE_REJECTED,
        /** The port does not speak TLS (a plaintext listener), but the client does. */
        NOT_TLS,
        /** The port speaks TLS, but the client does not ({@code security.protocol} without SSL). */
        EXPECTS_TLS,
        /** Another handshake failure; the cause has the details. */
        OTHER
    }

    private final Reason reason;

    /** A handshake failure of kind {@code reason}. */
    public SslAuthenticationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Which kind of handshake failure this is. */
    public Reason reason() {
        return reason;
    }
}
