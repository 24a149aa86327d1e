package dev.kurier.client.security.sasl;

import dev.kurier.client.config.Password;
import java.net.URI;
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

    /**
     * Tokens from an OAuth 2 token endpoint's client-credentials grant (KIP-768): see
     * {@link ClientCredentialsTokenProvider}. Needs Jackson ({@code com.fasterxml.jackson.core:jackson-core}).
     *
     * @param scope the scope to ask for, or null
     */
    public static TokenProvider clientCredentials(URI endpoint, String clientId, Password clientSecret, String scope,
                                                  Duration connectTimeout, Duration readTimeout, Duration retryBackoff,
                                                  Duration retryBackoffMax) {
        return new ClientCredentialsTokenProvider(endpoint, clientId, clientSecret, scope, connectTimeout, readTimeout,
                retryBackoff, retryBackoffMax);
    }

    /** Whether the OAuth client-credentials flow can run: it reads JSON with Jackson's streaming parser. */
    public static boolean clientCredentialsAvailable() {
        return OAuthJson.available();
    }

    /** {@code provider}'s tokens, each kept until {@code refreshBuffer} before it expires. */
    public static TokenProvider cached(TokenProvider provider, Duration refreshBuffer) {
        return new CachingTokenProvider(provider, refreshBuffer, Clock.systemUTC());
    }
}
