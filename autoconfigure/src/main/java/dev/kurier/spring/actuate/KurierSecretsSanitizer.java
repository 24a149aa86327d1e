package dev.kurier.spring.actuate;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the values of Kurier's secret settings in Actuator's {@code configprops} and {@code env} endpoints, including
 * those Spring Boot's own rules (keys ending in password, secret, key, token, credentials) do not catch:
 * {@code kurier.sasl.jaas-config} and raw Kafka keys in {@code kurier.properties[...]} such as
 * {@code sasl.jaas.config}, whichever form the key takes (property, environment variable).
 */
public final class KurierSecretsSanitizer implements SanitizingFunction {

    private static final List<String> SECRET_PARTS = List.of("jaas", "password", "secret", "keystore.key",
            "keystorekey", "oauthbearer.token", "credentials");

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (data.getValue() == null || !isKurier(data.getKey())) {
            return data;
        }
        return isSecret(data.getKey()) ? data.withSanitizedValue() : data;
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "");
    }

    private static boolean isKurier(String key) {
        return normalize(key).startsWith("kurier."); // qualified names, and KURIER_... environment variables
    }

    /** Whether a key (in any of Spring's forms) names a secret. */
    static boolean isSecret(String key) {
        String k = normalize(key);
        for (String part : SECRET_PARTS) {
            if (k.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
