package dev.kurier.client.security.sasl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the last token of a {@link TokenProvider} until {@code refreshBuffer} before it expires, then asks for a new
 * one. Connections made at once share one fetch.
 */
final class CachingTokenProvider implements TokenProvider {

    private final TokenProvider delegate;
    private final Duration refreshBuffer;
    private final Clock clock;
    private OAuthBearerToken cached;

    CachingTokenProvider(TokenProvider delegate, Duration refreshBuffer, Clock clock) {
        this.delegate = delegate;
        this.refreshBuffer = refreshBuffer;
        this.clock = clock;
    }

    @Override
    public synchronized OAuthBearerToken token() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cached.expiresAt().minus(refreshBuffer))) {
            OAuthBearerToken fresh = delegate.token();
            if (fresh == null) {
                throw new IllegalStateException("the token provider returned no token");
            }
            cached = fresh;
        }
        return cached;
    }
}
