package dev.kurier.client.security.sasl;

/**
 * Supplies OAUTHBEARER tokens, e.g. from a company's identity provider. Kurier calls it when it connects and
 * caches the token until {@code sasl.login.refresh.buffer.seconds} before it expires, so an implementation may
 * fetch a new token on every call. Set it with {@code sasl.oauthbearer.token.provider.class} (a class name with a
 * public no-argument constructor) or pass an instance under that key.
 */
@FunctionalInterface
public interface TokenProvider {

    /**
     * A currently valid token.
     *
     * @throws RuntimeException when none can be had; the connection fails with an authentication error naming it
     */
    OAuthBearerToken token();
}
