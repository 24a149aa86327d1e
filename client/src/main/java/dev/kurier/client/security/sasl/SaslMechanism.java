package dev.kurier.client.security.sasl;

/** A configured SASL mechanism: starts one exchange per connection (and per re-authentication). */
public interface SaslMechanism {

    /** The mechanism's name as the broker knows it, e.g. {@code SCRAM-SHA-512}. */
    String name();

    /** A new exchange with the broker at {@code host}. */
    SaslExchange start(String host);
}
