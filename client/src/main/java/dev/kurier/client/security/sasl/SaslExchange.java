package dev.kurier.client.security.sasl;

/**
 * One SASL exchange: the client's first message, then an answer to each broker challenge until it is complete.
 * Not thread-safe; one connection drives it.
 */
public interface SaslExchange {

    /** The first message to send. */
    byte[] initialResponse();

    /**
     * The answer to the broker's {@code challenge}, or {@code null} when nothing more is to be sent (the exchange is
     * then complete).
     *
     * @throws dev.kurier.client.errors.SaslAuthenticationException when the challenge is wrong (for SCRAM, a server
     *                                                             signature that does not match)
     */
    byte[] evaluate(byte[] challenge);

    /** Whether the client has sent all it needs to and verified the broker where the mechanism allows. */
    boolean isComplete();
}
