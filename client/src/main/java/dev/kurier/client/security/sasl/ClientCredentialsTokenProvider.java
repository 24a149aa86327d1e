package dev.kurier.client.security.sasl;

import dev.kurier.client.config.Password;
import dev.kurier.client.errors.SaslAuthenticationException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAUTHBEARER tokens from an OAuth 2 identity provider's client-credentials grant (RFC 6749 §4.4, Kafka's KIP-768):
 * a POST of {@code grant_type=client_credentials} (and the scope) with the client id and secret as HTTP Basic
 * credentials; the answer's {@code access_token} is the token, valid for {@code expires_in} seconds (else until the
 * JWT's {@code exp} claim). Errors that may pass (connection problems, 5xx, 429) are retried with exponential backoff
 * from {@code sasl.login.retry.backoff.ms} until the waits reach {@code sasl.login.retry.backoff.max.ms}; a refused
 * client (400, 401, 403) is not. Errors name the endpoint and the status, never the secret. Wrapped in the token
 * cache, so the endpoint is asked again only shortly before a token expires.
 */
final class ClientCredentialsTokenProvider implements TokenProvider {

    private static final Logger log = LoggerFactory.getLogger(ClientCredentialsTokenProvider.class);

    private final URI endpoint;
    private final String clientId;
    private final Password clientSecret;
    private final String scope;
    private final Duration readTimeout;
    private final Duration backoff;
    private final Duration backoffMax;
    private final HttpClient http;

    ClientCredentialsTokenProvider(URI endpoint, String clientId, Password clientSecret, String scope,
                                   Duration connectTimeout, Duration readTimeout, Duration backoff, Duration backoffMax) {
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.readTimeout = readTimeout;
        this.backoff = backoff;
        this.backoffMax = backoffMax;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public OAuthBearerToken token() {
        long waited = 0;
        long wait = Math.max(1, backoff.toMillis());
        while (true) {
            String retriable;
            try {
                HttpResponse<byte[]> response = http.send(request(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) {
                    return parse(response.body());
                }
                if (status != 429 && status < 500) {
                    throw new SaslAuthenticationException("the OAuth token endpoint " + endpoint + " refused client '"
                            + clientId + "' with HTTP " + status + errorOf(response.body()) + ": check the client id, "
                            + "the client secret and the scope", null);
                }
                retriable = "HTTP " + status;
            } catch (IOException e) {
                retriable = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SaslAuthenticationException("interrupted while asking " + endpoint + " for a token", e);
            }
            if (waited + wait > backoffMax.toMillis()) {
                throw new SaslAuthenticationException("the OAuth token endpoint " + endpoint + " gave no token ("
                        + retriable + ") after retrying for " + waited + " ms (sasl.login.retry.backoff.max.ms)", null);
            }
            log.debug("token endpoint {}: {}; retrying in {} ms", endpoint, retriable, wait);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SaslAuthenticationException("interrupted while asking " + endpoint + " for a token", e);
            }
            waited += wait;
            wait = Math.min(wait * 2, Math.max(1, backoffMax.toMillis()));
        }
    }

    private HttpRequest request() {
        String form = "grant_type=client_credentials" + (scope == null || scope.isBlank() ? ""
                : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        // RFC 6749 §2.3.1: the id and secret are form-encoded before they are put in the Basic credentials.
        String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret.value(), StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(endpoint).timeout(readTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private OAuthBearerToken parse(byte[] body) {
        Map<String, Object> answer;
        try {
            answer = OAuthJson.fields(body);
        } catch (IllegalArgumentException e) {
            throw new SaslAuthenticationException("the OAuth token endpoint " + endpoint + " answered something that "
                    + "is not a token response: " + e.getMessage(), e);
        }
        Object token = answer.get("access_token");
        if (!(token instanceof String value) || value.isBlank()) {
            throw new SaslAuthenticationException("the OAuth token endpoint " + endpoint + " answered without an "
                    + "access_token", null);
        }
        Instant expires;
        if (answer.get("expires_in") instanceof Number seconds) {
            expires = Instant.now().plusSeconds(seconds.longValue());
        } else {
            expires = expiryClaim(value);
        }
        return new OAuthBearerToken(value, expires);
    }

    /** The {@code exp} claim of a JWT; a token without one is refused (Kafka's brokers need it too). */
    private Instant expiryClaim(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length >= 2) {
            try {
                Map<String, Object> claims = OAuthJson.fields(Base64.getUrlDecoder().decode(parts[1]));
                if (claims.get("exp") instanceof Number exp) {
                    return Instant.ofEpochSecond(exp.longValue());
                }
            } catch (IllegalArgumentException e) {
                // not a JWT: fall through
            }
        }
        throw new SaslAuthenticationException("the OAuth token endpoint " + endpoint + " answered a token with "
                + "neither expires_in nor a JWT exp claim", null);
    }

    private static String errorOf(byte[] body) {
        try {
            Map<String, Object> answer = OAuthJson.fields(body);
            Object error = answer.get("error");
            return error == null ? "" : " (" + error + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "client credentials of '" + clientId + "' at " + endpoint;
    }
}
