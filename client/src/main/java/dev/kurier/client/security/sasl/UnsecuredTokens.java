package dev.kurier.client.security.sasl;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Unsigned JWTs ({@code "alg":"none"}) as kafka-clients makes them from {@code unsecuredLoginStringClaim_sub} in an
 * OAuthBearerLoginModule JAAS config: for development brokers that use Kafka's unsecured validator, never for
 * production.
 */
final class UnsecuredTokens implements TokenProvider {

    private final String subject;
    private final Duration lifetime;
    private final Clock clock;

    UnsecuredTokens(String subject, Duration lifetime, Clock clock) {
        this.subject = subject;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public OAuthBearerToken token() {
        Instant now = clock.instant();
        Instant exp = now.plus(lifetime);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"sub\":\"" + jsonEscape(subject) + "\",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + exp.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return new OAuthBearerToken(header + "." + payload + ".", exp);
    }

    private static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
