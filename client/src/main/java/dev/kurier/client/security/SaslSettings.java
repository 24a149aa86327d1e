package dev.kurier.client.security;

import dev.kurier.client.config.ConfigException;
import dev.kurier.client.config.ConfigValues;
import dev.kurier.client.config.Password;
import dev.kurier.client.security.sasl.GssapiMechanism;
import dev.kurier.client.security.sasl.JaasConfig;
import dev.kurier.client.security.sasl.OAuthBearerMechanism;
import dev.kurier.client.security.sasl.PlainMechanism;
import dev.kurier.client.security.sasl.SaslMechanism;
import dev.kurier.client.security.sasl.ScramMechanism;
import dev.kurier.client.security.sasl.TokenProvider;
import dev.kurier.client.security.sasl.TokenProviders;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@link SaslMechanism} a client's config asks for, from {@code sasl.mechanism} and either
 * {@code sasl.jaas.config} (Kafka's syntax, as copied from a cloud console) or Kurier's simpler
 * {@code sasl.username}/{@code sasl.password}. Errors name the key and what is missing, never a value.
 */
public final class SaslSettings {

    /** The mechanisms Kurier speaks. */
    public static final List<String> SUPPORTED = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER",
            "GSSAPI");

    private SaslSettings() {
    }

    /** The mechanism configured in {@code values}. */
    public static SaslMechanism mechanism(ConfigValues values) {
        JaasConfig jaas = null;
        Password jaasText = values.get(SecurityKeys.SASL_JAAS_CONFIG);
        if (jaasText != null && !jaasText.value().isBlank()) {
            try {
                jaas = JaasConfig.parse(jaasText.value());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SecurityKeys.SASL_JAAS_CONFIG.name(), e.getMessage());
            }
        }
        String mechanism = values.get(SecurityKeys.SASL_MECHANISM).trim().toUpperCase(Locale.ROOT);
        if (!values.isSet(SecurityKeys.SASL_MECHANISM)) {
            mechanism = inferred(values, jaas, mechanism);
        }
        return switch (mechanism) {
            case "PLAIN" -> {
                requireModule(jaas, JaasConfig.PLAIN_MODULE, mechanism);
                yield new PlainMechanism(username(values, jaas, mechanism), password(values, jaas, mechanism));
            }
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> {
                requireModule(jaas, JaasConfig.SCRAM_MODULE, mechanism);
                yield ScramMechanism.of(mechanism, username(values, jaas, mechanism), password(values, jaas, mechanism));
            }
            case "OAUTHBEARER" -> {
                requireModule(jaas, JaasConfig.OAUTHBEARER_MODULE, mechanism);
                yield new OAuthBearerMechanism(tokens(values, jaas), extensions(jaas));
            }
            case "GSSAPI" -> {
                if (jaas == null || !jaas.loginModule().equals(JaasConfig.KRB5_MODULE)) {
                    throw new ConfigException(SecurityKeys.SASL_JAAS_CONFIG.name(), "GSSAPI (Kerberos, kafka-clients' "
                            + "default when sasl.mechanism is not set) needs sasl.jaas.config with "
                            + JaasConfig.KRB5_MODULE + " (keyTab, principal, useKeyTab=true, or useTicketCache=true); "
                            + "or set sasl.mechanism to one of " + SUPPORTED);
                }
                String service = values.get(SecurityKeys.SASL_KERBEROS_SERVICE_NAME);
                if (service == null || service.isBlank()) {
                    throw new ConfigException(SecurityKeys.SASL_KERBEROS_SERVICE_NAME.name(), "GSSAPI needs the "
                            + "Kerberos principal name the brokers run as (often 'kafka')");
                }
                yield new GssapiMechanism(service.trim(), jaas.options());
            }
            default -> throw new ConfigException(SecurityKeys.SASL_MECHANISM.name(), "'" + mechanism + "' is not a SASL "
                    + "mechanism Kurier speaks; use one of " + SUPPORTED);
        };
    }

    /** kafka-clients defaults to GSSAPI; a JAAS module or token that names another mechanism says what is meant. */
    private static String inferred(ConfigValues values, JaasConfig jaas, String fallback) {
        if (jaas != null) {
            switch (jaas.loginModule()) {
                case JaasConfig.PLAIN_MODULE:
                    return "PLAIN";
                case JaasConfig.OAUTHBEARER_MODULE:
                    return "OAUTHBEARER";
                case JaasConfig.SCRAM_MODULE:
                    throw new ConfigException(SecurityKeys.SASL_MECHANISM.name(), "is required with ScramLoginModule: "
                            + "SCRAM-SHA-256 or SCRAM-SHA-512");
                default:
                    break;
            }
        }
        if (values.get(SecurityKeys.SASL_OAUTHBEARER_TOKEN) != null
                || values.get(SecurityKeys.SASL_OAUTHBEARER_TOKEN_PROVIDER) != null
                || values.get(SecurityKeys.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL) != null) {
            return "OAUTHBEARER";
        }
        if (values.get(SecurityKeys.SASL_USERNAME) != null) {
            throw new ConfigException(SecurityKeys.SASL_MECHANISM.name(), "is required with sasl.username: PLAIN, "
                    + "SCRAM-SHA-256 or SCRAM-SHA-512");
        }
        return fallback;
    }

    private static void requireModule(JaasConfig jaas, String module, String mechanism) {
        if (jaas != null && !jaas.loginModule().equals(module)) {
            throw new ConfigException(SecurityKeys.SASL_JAAS_CONFIG.name(), "names " + jaas.moduleSimpleName()
                    + " but sasl.mechanism is " + mechanism + ", which needs " + module);
        }
    }

    private static String username(ConfigValues values, JaasConfig jaas, String mechanism) {
        String user = values.get(SecurityKeys.SASL_USERNAME);
        if (user == null && jaas != null) {
            user = jaas.options().get("username");
        }
        if (user == null || user.isEmpty()) {
            throw new ConfigException(SecurityKeys.SASL_JAAS_CONFIG.name(), mechanism + " needs a user name: the option "
                    + "username=\"...\" in sasl.jaas.config, or sasl.username");
        }
        return user;
    }

    private static Password password(ConfigValues values, JaasConfig jaas, String mechanism) {
        Password password = values.get(SecurityKeys.SASL_PASSWORD);
        if (password == null && jaas != null && jaas.options().containsKey("password")) {
            password = new Password(jaas.options().get("password"));
        }
        if (password == null) {
            throw new ConfigException(SecurityKeys.SASL_JAAS_CONFIG.name(), mechanism + " needs a password: the option "
                    + "password=\"...\" in sasl.jaas.config, or sasl.password");
        }
        return password;
    }

    private static TokenProvider tokens(ConfigValues values, JaasConfig jaas) {
        Duration buffer = Duration.ofSeconds(values.get(SecurityKeys.SASL_LOGIN_REFRESH_BUFFER_SECONDS));
        TokenProvider provider = values.get(SecurityKeys.SASL_OAUTHBEARER_TOKEN_PROVIDER);
        if (provider != null) {
            return TokenProviders.cached(provider, buffer);
        }
        Password token = values.get(SecurityKeys.SASL_OAUTHBEARER_TOKEN);
        if (token != null) {
            return TokenProviders.fixed(token.value());
        }
        String endpoint = values.get(SecurityKeys.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL);
        if (endpoint != null && !endpoint.isBlank()) {
            return TokenProviders.cached(clientCredentials(values, jaas, endpoint), buffer);
        }
        if (jaas != null && jaas.options().containsKey("unsecuredLoginStringClaim_sub")) {
            long lifetime = 3600;
            String configured = jaas.options().get("unsecuredLoginLifetimeSeconds");
            if (configured != null) {
                try {
                    lifetime = Long.parseLong(configured.trim());
                } catch (NumberFormatException e) {
                    throw new ConfigException(SecurityKeys.SASL_JAAS_CONFIG.name(), "unsecuredLoginLifetimeSeconds is not a number");
                }
            }
            return TokenProviders.cached(TokenProviders.unsecured(jaas.options().get("unsecuredLoginStringClaim_sub"),
                    Duration.ofSeconds(lifetime)), Duration.ofSeconds(Math.min(buffer.getSeconds(), lifetime / 2)));
        }
        throw new ConfigException(SecurityKeys.SASL_OAUTHBEARER_TOKEN_PROVIDER.name(), "OAUTHBEARER needs a token: set "
                + "sasl.oauthbearer.token.endpoint.url with a client id and secret (OAuth client credentials), "
                + "sasl.oauthbearer.token.provider.class (a TokenProvider), sasl.oauthbearer.token, or "
                + "unsecuredLoginStringClaim_sub in sasl.jaas.config (development brokers only)");
    }

    /** The OAuth client-credentials flow, its settings from Kafka's keys or the OAuthBearerLoginModule options. */
    private static TokenProvider clientCredentials(ConfigValues values, JaasConfig jaas, String endpoint) {
        String key = SecurityKeys.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL.name();
        java.net.URI uri;
        try {
            uri = java.net.URI.create(endpoint.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "'" + endpoint + "' is not a URL: " + e.getMessage());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new ConfigException(key, "'" + endpoint + "' is not an http(s) URL");
        }
        if (!TokenProviders.clientCredentialsAvailable()) {
            throw new ConfigException(key, "the OAuth client-credentials flow reads JSON with Jackson: add "
                    + "com.fasterxml.jackson.core:jackson-core to the classpath");
        }
        Map<String, String> options = jaas == null ? Map.of() : jaas.options();
        String clientId = values.get(SecurityKeys.SASL_OAUTHBEARER_CLIENT_ID);
        if (clientId == null) {
            clientId = options.get("clientId");
        }
        Password secret = values.get(SecurityKeys.SASL_OAUTHBEARER_CLIENT_SECRET);
        if (secret == null && options.get("clientSecret") != null) {
            secret = new Password(options.get("clientSecret"));
        }
        if (clientId == null || clientId.isBlank() || secret == null || secret.isEmpty()) {
            throw new ConfigException(SecurityKeys.SASL_OAUTHBEARER_CLIENT_ID.name(), "the OAuth token endpoint needs a "
                    + "client id and secret: sasl.oauthbearer.client.credentials.client.id and ...client.secret, or "
                    + "clientId=\"...\" clientSecret=\"...\" in sasl.jaas.config");
        }
        String scope = values.get(SecurityKeys.SASL_OAUTHBEARER_SCOPE);
        if (scope == null) {
            scope = options.get("scope");
        }
        return TokenProviders.clientCredentials(uri, clientId, secret, scope,
                values.get(SecurityKeys.SASL_LOGIN_CONNECT_TIMEOUT_MS), values.get(SecurityKeys.SASL_LOGIN_READ_TIMEOUT_MS),
                values.get(SecurityKeys.SASL_LOGIN_RETRY_BACKOFF_MS),
                values.get(SecurityKeys.SASL_LOGIN_RETRY_BACKOFF_MAX_MS));
    }

    /** kafka-clients' {@code unsecuredLoginExtension_NAME} and {@code extension_NAME} JAAS options. */
    private static Map<String, String> extensions(JaasConfig jaas) {
        Map<String, String> out = new LinkedHashMap<>();
        if (jaas != null) {
            jaas.options().forEach((k, v) -> {
                if (k.startsWith("unsecuredLoginExtension_")) {
                    out.put(k.substring("unsecuredLoginExtension_".length()), v);
                } else if (k.startsWith("extension_")) {
                    out.put(k.substring("extension_".length()), v);
                }
            });
        }
        return out;
    }
}
