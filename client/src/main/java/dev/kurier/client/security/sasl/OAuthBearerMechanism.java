package dev.kurier.client.security.sasl;

import dev.kurier.client.errors.SaslAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * OAUTHBEARER (RFC 7628): the client sends a bearer token from a {@link TokenProvider}, with SASL extensions if any.
 * When the broker rejects the token it sends an error document; the client answers with the single byte the RFC
 * asks for, and the broker then fails the exchange with its message.
 */
public final class OAuthBearerMechanism implements SaslMechanism {

    private static final byte SEPARATOR = 0x01;

    private final TokenProvider tokens;
    private final Map<String, String> extensions;

    /** OAUTHBEARER with tokens from {@code tokens} and these SASL extensions (may be empty). */
    public OAuthBearerMechanism(TokenProvider tokens, Map<String, String> extensions) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.extensions = Map.copyOf(extensions);
    }

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

    @Override
    public SaslExchange start(String host) {
        return new SaslExchange() {
            private boolean sent;
            private boolean rejected;
            private boolean complete;

            @Override
            public byte[] initialResponse() {
                OAuthBearerToken token;
                try {
                    token = tokens.token();
                } catch (RuntimeException e) {
                    throw new SaslAuthenticationException("OAUTHBEARER: no token could be had from the token provider: "
                            + e.getMessage(), e);
                }
                StringBuilder sb = new StringBuilder("n,,").append((char) SEPARATOR)
                        .append("auth=Bearer ").append(token.value()).append((char) SEPARATOR);
                extensions.forEach((k, v) -> sb.append(k).append('=').append(v).append((char) SEPARATOR));
                sb.append((char) SEPARATOR);
                sent = true;
                return sb.toString().getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] evaluate(byte[] challenge) {
                if (rejected) {
                    return null;
                }
                if (sent && (challenge == null || challenge.length == 0)) {
                    complete = true;
                    return null;
                }
                // An error document: acknowledge it, and the broker fails the exchange with its reason.
                rejected = true;
                return new byte[] {SEPARATOR};
            }

            @Override
            public boolean isComplete() {
                return complete;
            }
        };
    }

    @Override
    public String toString() {
        return "OAUTHBEARER[extensions=" + extensions.keySet() + "]";
    }
}
