package dev.kurier.client.security.sasl;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token for OAUTHBEARER and when it expires. {@link #toString()} shows the expiry, never the token.
 *
 * @param value     the compact token (usually a JWT)
 * @param expiresAt when the broker stops accepting it; the client fetches a new one before then
 */
public record OAuthBearerToken(String value, Instant expiresAt) {

    /** Validates. */
    public OAuthBearerToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an OAUTHBEARER token must not be blank");
        }
    }

    @Override
    public String toString() {
        return "OAuthBearerToken[value=[hidden], expiresAt=" + expiresAt + "]";
    }
}
