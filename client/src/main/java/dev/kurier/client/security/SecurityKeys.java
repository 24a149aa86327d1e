package dev.kurier.client.security;

import dev.kurier.client.config.ConfigKey;
import dev.kurier.client.config.Password;
import dev.kurier.client.security.sasl.TokenProvider;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS and SASL config keys, with kafka-clients' names, defaults and meaning (a user pastes the
 * {@code client.properties} they already have). Kurier's own additions say so.
 */
public final class SecurityKeys {

    private SecurityKeys() {
    }

    /** {@code security.protocol}. */
    public static final ConfigKey<String> SECURITY_PROTOCOL = ConfigKey.choice("security.protocol", "plaintext",
            "how to talk to brokers: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL",
            "plaintext", "ssl", "sasl_plaintext", "sasl_ssl");

    // ---- TLS ------------------------------------------------------------------------------------------

    /** {@code ssl.protocol}: the TLS version asked for first. */
    public static final ConfigKey<String> SSL_PROTOCOL = ConfigKey.string("ssl.protocol", "TLSv1.3",
            "TLS version to use (TLSv1.3 or TLSv1.2)");
    /** {@code ssl.enabled.protocols}. */
    public static final ConfigKey<List<String>> SSL_ENABLED_PROTOCOLS = ConfigKey.list("ssl.enabled.protocols",
            List.of("TLSv1.2", "TLSv1.3"), "TLS versions the client accepts");
    /** {@code ssl.cipher.suites}: empty for the provider's defaults. */
    public static final ConfigKey<List<String>> SSL_CIPHER_SUITES = ConfigKey.list("ssl.cipher.suites", List.of(),
            "cipher suites the client offers; empty for the provider's defaults");
    /** {@code ssl.endpoint.identification.algorithm}: https (hostname verification) or empty (off). */
    public static final ConfigKey<String> SSL_ENDPOINT_IDENTIFICATION_ALGORITHM = ConfigKey.string(
            "ssl.endpoint.identification.algorithm", "https",
            "https checks that the broker's certificate names the host connected to; empty turns the check off");
    /** {@code ssl.truststore.type}: JKS, PKCS12 or PEM. */
    public static final ConfigKey<String> SSL_TRUSTSTORE_TYPE = ConfigKey.choice("ssl.truststore.type", "jks",
            "format of the trust store", "jks", "pkcs12", "pem");
    /** {@code ssl.truststore.location}. */
    public static final ConfigKey<String> SSL_TRUSTSTORE_LOCATION = ConfigKey.string("ssl.truststore.location", null,
            "file of the CA certificates to trust; none for the JDK's default CAs");
    /** {@code ssl.truststore.password}. */
    public static final ConfigKey<Password> SSL_TRUSTSTORE_PASSWORD = ConfigKey.password("ssl.truststore.password",
            "password of the trust store file (JKS, PKCS12)");
    /** {@code ssl.truststore.certificates}: PEM certificates inline (type PEM). */
    public static final ConfigKey<String> SSL_TRUSTSTORE_CERTIFICATES = ConfigKey.string(
            "ssl.truststore.certificates", null, "CA certificates in PEM, inline (with ssl.truststore.type=PEM)");
    /** {@code ssl.keystore.type}: JKS, PKCS12 or PEM. */
    public static final ConfigKey<String> SSL_KEYSTORE_TYPE = ConfigKey.choice("ssl.keystore.type", "jks",
            "format of the key store", "jks", "pkcs12", "pem");
    /** {@code ssl.keystore.location}: the client's certificate and key, for mTLS. */
    public static final ConfigKey<String> SSL_KEYSTORE_LOCATION = ConfigKey.string("ssl.keystore.location", null,
            "file of the client's certificate and private key (mTLS)");
    /** {@code ssl.keystore.password}. */
    public static final ConfigKey<Password> SSL_KEYSTORE_PASSWORD = ConfigKey.password("ssl.keystore.password",
            "password of the key store file");
    /** {@code ssl.keystore.certificate.chain}: the client's certificate chain in PEM, inline. */
    public static final ConfigKey<String> SSL_KEYSTORE_CERTIFICATE_CHAIN = ConfigKey.string(
            "ssl.keystore.certificate.chain", null, "client certificate chain in PEM, inline (ssl.keystore.type=PEM)");
    /** {@code ssl.keystore.key}: the client's private key in PEM (PKCS#8), inline. */
    public static final ConfigKey<Password> SSL_KEYSTORE_KEY = ConfigKey.password("ssl.keystore.key",
            "client private key in PEM (PKCS#8), inline (ssl.keystore.type=PEM)");
    /** {@code ssl.key.password}: the private key's own password, when it differs from the store's. */
    public static final ConfigKey<Password> SSL_KEY_PASSWORD = ConfigKey.password("ssl.key.password",
            "password of the private key (encrypted PEM key, or a key store entry)");
    /** {@code ssl.keymanager.algorithm}. */
    public static final ConfigKey<String> SSL_KEYMANAGER_ALGORITHM = ConfigKey.string("ssl.keymanager.algorithm",
            "SunX509", "key manager factory algorithm");
    /** {@code ssl.trustmanager.algorithm}. */
    public static final ConfigKey<String> SSL_TRUSTMANAGER_ALGORITHM = ConfigKey.string("ssl.trustmanager.algorithm",
            "PKIX", "trust manager factory algorithm");
    /** {@code ssl.secure.random.implementation}: a {@code SecureRandom} algorithm, empty for the JDK's default. */
    public static final ConfigKey<String> SSL_SECURE_RANDOM_IMPLEMENTATION = ConfigKey.string(
            "ssl.secure.random.implementation", null, "SecureRandom algorithm for TLS; empty for the JDK default");
    /** {@code ssl.provider}: empty or JDK for the JDK's TLS, OPENSSL for netty-tcnative (BoringSSL) when present. */
    public static final ConfigKey<String> SSL_PROVIDER = ConfigKey.string("ssl.provider", null,
            "TLS implementation: empty or JDK, or OPENSSL (needs netty-tcnative-boringssl-static on the classpath)");
    /** {@code ssl.reload.check.interval.ms} (Kurier): how often key and trust store files are checked for change. */
    public static final ConfigKey<Duration> SSL_RELOAD_CHECK_INTERVAL_MS = ConfigKey.millis(
            "ssl.reload.check.interval.ms", 60_000, 0,
            "check key and trust store files for changes at most this often (new connections use new certificates); 0 turns it off");

    /** {@code ssl.keymanager.factory} (Kurier, programmatic): a ready {@code KeyManagerFactory}, e.g. from a Spring SSL bundle. */
    public static final ConfigKey<KeyManagerFactory> SSL_KEYMANAGER_FACTORY = ConfigKey.instance("ssl.keymanager.factory",
            KeyManagerFactory.class, "a KeyManagerFactory instance to use instead of ssl.keystore.*");
    /** {@code ssl.trustmanager.factory} (Kurier, programmatic): a ready {@code TrustManagerFactory}. */
    public static final ConfigKey<TrustManagerFactory> SSL_TRUSTMANAGER_FACTORY = ConfigKey.instance(
            "ssl.trustmanager.factory", TrustManagerFactory.class, "a TrustManagerFactory instance to use instead of ssl.truststore.*");

    // ---- SASL -----------------------------------------------------------------------------------------

    /** {@code sasl.mechanism}: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER (or GSSAPI, kafka's default). */
    public static final ConfigKey<String> SASL_MECHANISM = ConfigKey.string("sasl.mechanism", "GSSAPI",
            "SASL mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER");
    /** {@code sasl.jaas.config}, in Kafka's JAAS syntax. */
    public static final ConfigKey<Password> SASL_JAAS_CONFIG = ConfigKey.password("sasl.jaas.config",
            "login module and options in JAAS syntax, as kafka-clients takes it");
    /** {@code sasl.username} (Kurier): the user for PLAIN and SCRAM, instead of a JAAS config. */
    public static final ConfigKey<String> SASL_USERNAME = ConfigKey.string("sasl.username", null,
            "user name for PLAIN and SCRAM (instead of sasl.jaas.config)");
    /** {@code sasl.password} (Kurier): the password for PLAIN and SCRAM, instead of a JAAS config. */
    public static final ConfigKey<Password> SASL_PASSWORD = ConfigKey.password("sasl.password",
            "password for PLAIN and SCRAM (instead of sasl.jaas.config)");
    /** {@code sasl.oauthbearer.token} (Kurier): a fixed OAUTHBEARER token, for tests and short-lived tools. */
    public static final ConfigKey<Password> SASL_OAUTHBEARER_TOKEN = ConfigKey.password("sasl.oauthbearer.token",
            "a fixed bearer token for OAUTHBEARER (instead of a token provider)");
    /** {@code sasl.oauthbearer.token.provider.class} (Kurier): where OAUTHBEARER tokens come from. */
    public static final ConfigKey<TokenProvider> SASL_OAUTHBEARER_TOKEN_PROVIDER = ConfigKey.instance(
            "sasl.oauthbearer.token.provider.class", TokenProvider.class,
            "a TokenProvider (class name or instance) that supplies OAUTHBEARER tokens");
    /** {@code sasl.login.refresh.buffer.seconds}: a token is refreshed this long before it expires. */
    public static final ConfigKey<Integer> SASL_LOGIN_REFRESH_BUFFER_SECONDS = ConfigKey.integer(
            "sasl.login.refresh.buffer.seconds", 300, 0, 3600, "refresh an OAUTHBEARER token this long before it expires");
    /** {@code sasl.oauthbearer.token.endpoint.url}: the identity provider's token endpoint (KIP-768). */
    public static final ConfigKey<String> SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL = ConfigKey.string(
            "sasl.oauthbearer.token.endpoint.url", null,
            "OAuth 2 token endpoint: OAUTHBEARER tokens come from its client-credentials grant (KIP-768)");
    /** {@code sasl.oauthbearer.client.credentials.client.id}: the client id (or {@code clientId} in the JAAS config). */
    public static final ConfigKey<String> SASL_OAUTHBEARER_CLIENT_ID = ConfigKey.string(
            "sasl.oauthbearer.client.credentials.client.id", null,
            "client id for the token endpoint (or clientId in sasl.jaas.config)");
    /** {@code sasl.oauthbearer.client.credentials.client.secret} (or {@code clientSecret} in the JAAS config). */
    public static final ConfigKey<Password> SASL_OAUTHBEARER_CLIENT_SECRET = ConfigKey.password(
            "sasl.oauthbearer.client.credentials.client.secret",
            "client secret for the token endpoint (or clientSecret in sasl.jaas.config)");
    /** {@code sasl.oauthbearer.scope}: the scope asked for (or {@code scope} in the JAAS config). */
    public static final ConfigKey<String> SASL_OAUTHBEARER_SCOPE = ConfigKey.string("sasl.oauthbearer.scope", null,
            "scope asked of the token endpoint (or scope in sasl.jaas.config)");
    /** {@code sasl.login.connect.timeout.ms}: connecting to the token endpoint. */
    public static final ConfigKey<Duration> SASL_LOGIN_CONNECT_TIMEOUT_MS = ConfigKey.millis(
            "sasl.login.connect.timeout.ms", 10_000, 1, "time limit for connecting to the OAuth token endpoint");
    /** {@code sasl.login.read.timeout.ms}: waiting for the token endpoint's answer. */
    public static final ConfigKey<Duration> SASL_LOGIN_READ_TIMEOUT_MS = ConfigKey.millis(
            "sasl.login.read.timeout.ms", 10_000, 1, "time limit for the OAuth token endpoint's answer");
    /** {@code sasl.login.retry.backoff.ms}: first wait before asking the token endpoint again. */
    public static final ConfigKey<Duration> SASL_LOGIN_RETRY_BACKOFF_MS = ConfigKey.millis(
            "sasl.login.retry.backoff.ms", 100, 0, "first wait before retrying the OAuth token endpoint");
    /** {@code sasl.login.retry.backoff.max.ms}: the retries stop once the waits add up to this. */
    public static final ConfigKey<Duration> SASL_LOGIN_RETRY_BACKOFF_MAX_MS = ConfigKey.millis(
            "sasl.login.retry.backoff.max.ms", 10_000, 0, "longest total wait while retrying the OAuth token endpoint");
    /** {@code sasl.kerberos.service.name}. */
    public static final ConfigKey<String> SASL_KERBEROS_SERVICE_NAME = ConfigKey.string("sasl.kerberos.service.name",
            null, "Kerberos principal name the brokers run as (GSSAPI)");

    /** Every security key. */
    public static final List<ConfigKey<?>> KEYS = List.of(SECURITY_PROTOCOL, SSL_PROTOCOL, SSL_ENABLED_PROTOCOLS,
            SSL_CIPHER_SUITES, SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, SSL_TRUSTSTORE_TYPE, SSL_TRUSTSTORE_LOCATION,
            SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_CERTIFICATES, SSL_KEYSTORE_TYPE, SSL_KEYSTORE_LOCATION,
            SSL_KEYSTORE_PASSWORD, SSL_KEYSTORE_CERTIFICATE_CHAIN, SSL_KEYSTORE_KEY, SSL_KEY_PASSWORD,
            SSL_KEYMANAGER_ALGORITHM, SSL_TRUSTMANAGER_ALGORITHM, SSL_SECURE_RANDOM_IMPLEMENTATION, SSL_PROVIDER,
            SSL_RELOAD_CHECK_INTERVAL_MS, SSL_KEYMANAGER_FACTORY, SSL_TRUSTMANAGER_FACTORY, SASL_MECHANISM, SASL_JAAS_CONFIG, SASL_USERNAME, SASL_PASSWORD,
            SASL_OAUTHBEARER_TOKEN, SASL_OAUTHBEARER_TOKEN_PROVIDER, SASL_LOGIN_REFRESH_BUFFER_SECONDS, SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL,
            SASL_OAUTHBEARER_CLIENT_ID, SASL_OAUTHBEARER_CLIENT_SECRET, SASL_OAUTHBEARER_SCOPE, SASL_LOGIN_CONNECT_TIMEOUT_MS,
            SASL_LOGIN_READ_TIMEOUT_MS, SASL_LOGIN_RETRY_BACKOFF_MS, SASL_LOGIN_RETRY_BACKOFF_MAX_MS,
            SASL_KERBEROS_SERVICE_NAME);
}
