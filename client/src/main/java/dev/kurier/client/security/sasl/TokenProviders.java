package dev.kurier.client.security.sasl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Ready-made {@link TokenProvider}s. */
public final class TokenProviders {

    private TokenProviders() {
    }

    /** Always the same token, with no known expiry (a fixed {@code sasl.oauthbearer.token}). */
    public static TokenProvider fixed(String token) {
        OAuthBearerToken t = new OAuthBearerToken(token, Instant.MAX);
        return () -> t;
    }

    /**
     * Unsigned tokens for {@code subject}, as kafka-clients makes them for {@code unsecuredLoginStringClaim_sub}:
     * only brokers running Kafka's unsecured validator (development) accept them.
     */
    public static TokenProvider unsecured(String subject, Duration lifetime) {
        return new UnsecuredTokens(subject, lifetime, Clock.systemUTC());
    }

    /** {@code provider}'s tokens, each kept until {@code refreshBuffer} before it expires. */
    public static TokenProvider cached(TokenProvider provider, Duration refreshBuffer) {
        return new CachingTokenProvider(provider, refreshBuffer, Clock.systemUTC());
    }
}
