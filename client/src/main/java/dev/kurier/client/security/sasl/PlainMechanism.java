package dev.kurier.client.security.sasl;

import dev.kurier.client.config.Password;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** SASL PLAIN (RFC 4616): user name and password in one message. Only safe over TLS (SASL_SSL). */
public final class PlainMechanism implements SaslMechanism {

    private final String username;
    private final Password password;

    /** PLAIN with these credentials. */
    public PlainMechanism(String username, Password password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public SaslExchange start(String host) {
        return new SaslExchange() {
            private boolean sent;

            @Override
            public byte[] initialResponse() {
                sent = true;
                // authzid (empty) NUL authcid NUL password
                return ("\0" + username + "\0" + password.value()).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] evaluate(byte[] challenge) {
                return null;
            }

            @Override
            public boolean isComplete() {
                return sent;
            }
        };
    }

    @Override
    public String toString() {
        return "PLAIN[user=" + username + "]";
    }
}
