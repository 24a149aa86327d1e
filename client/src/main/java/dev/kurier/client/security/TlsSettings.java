package dev.kurier.client.security;

import dev.kurier.client.config.ConfigValues;
import dev.kurier.client.config.Password;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The {@code ssl.*} settings of a client, parsed. {@link #toString()} shows where the stores are and never a
 * password or key.
 *
 * @param protocol                   {@code ssl.protocol}
 * @param enabledProtocols           {@code ssl.enabled.protocols}
 * @param cipherSuites               {@code ssl.cipher.suites}, empty for the provider's defaults
 * @param endpointIdentification     {@code ssl.endpoint.identification.algorithm}, empty for none
 * @param trustStoreType             JKS, PKCS12 or PEM
 * @param trustStoreLocation         a file, or {@code null}
 * @param trustStorePassword         or {@code null}
 * @param trustStoreCertificates     inline PEM, or {@code null}
 * @param keyStoreType               JKS, PKCS12 or PEM
 * @param keyStoreLocation           a file, or {@code null}
 * @param keyStorePassword           or {@code null}
 * @param keyStoreCertificateChain   inline PEM, or {@code null}
 * @param keyStoreKey                inline PEM key, or {@code null}
 * @param keyPassword                or {@code null}
 * @param keyManagerAlgorithm        {@code ssl.keymanager.algorithm}
 * @param trustManagerAlgorithm      {@code ssl.trustmanager.algorithm}
 * @param secureRandomImplementation or {@code null}
 * @param provider                   JDK or OPENSSL
 * @param reloadCheckInterval        zero for never
 * @param keyManagerFactory          a ready key manager factory (Spring SSL bundle), or {@code null}
 * @param trustManagerFactory        a ready trust manager factory, or {@code null}
 */
public record TlsSettings(
        String protocol,
        List<String> enabledProtocols,
        List<String> cipherSuites,
        String endpointIdentification,
        String trustStoreType,
        String trustStoreLocation,
        Password trustStorePassword,
        String trustStoreCertificates,
        String keyStoreType,
        String keyStoreLocation,
        Password keyStorePassword,
        String keyStoreCertificateChain,
        Password keyStoreKey,
        Password keyPassword,
        String keyManagerAlgorithm,
        String trustManagerAlgorithm,
        String secureRandomImplementation,
        String provider,
        Duration reloadCheckInterval,
        KeyManagerFactory keyManagerFactory,
        TrustManagerFactory trustManagerFactory) {

    /** Reads the {@code ssl.*} keys of {@code values}. */
    public static TlsSettings from(ConfigValues values) {
        String trustType = values.get(SecurityKeys.SSL_TRUSTSTORE_TYPE);
        String inlineCa = blankToNull(values.get(SecurityKeys.SSL_TRUSTSTORE_CERTIFICATES));
        if (inlineCa != null && !values.isSet(SecurityKeys.SSL_TRUSTSTORE_TYPE)) {
            trustType = "pem"; // inline certificates can only be PEM
        }
        String keyType = values.get(SecurityKeys.SSL_KEYSTORE_TYPE);
        String inlineChain = blankToNull(values.get(SecurityKeys.SSL_KEYSTORE_CERTIFICATE_CHAIN));
        if (inlineChain != null && !values.isSet(SecurityKeys.SSL_KEYSTORE_TYPE)) {
            keyType = "pem";
        }
        String provider = blankToNull(values.get(SecurityKeys.SSL_PROVIDER));
        String endpoint = values.get(SecurityKeys.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM);
        return new TlsSettings(values.get(SecurityKeys.SSL_PROTOCOL), values.get(SecurityKeys.SSL_ENABLED_PROTOCOLS),
                values.get(SecurityKeys.SSL_CIPHER_SUITES), endpoint == null ? "" : endpoint.trim(),
                trustType.toUpperCase(Locale.ROOT), blankToNull(values.get(SecurityKeys.SSL_TRUSTSTORE_LOCATION)),
                values.get(SecurityKeys.SSL_TRUSTSTORE_PASSWORD), inlineCa, keyType.toUpperCase(Locale.ROOT),
                blankToNull(values.get(SecurityKeys.SSL_KEYSTORE_LOCATION)),
                values.get(SecurityKeys.SSL_KEYSTORE_PASSWORD), inlineChain, values.get(SecurityKeys.SSL_KEYSTORE_KEY),
                values.get(SecurityKeys.SSL_KEY_PASSWORD), values.get(SecurityKeys.SSL_KEYMANAGER_ALGORITHM),
                values.get(SecurityKeys.SSL_TRUSTMANAGER_ALGORITHM),
                blankToNull(values.get(SecurityKeys.SSL_SECURE_RANDOM_IMPLEMENTATION)),
                provider == null ? "JDK" : provider.toUpperCase(Locale.ROOT),
                values.get(SecurityKeys.SSL_RELOAD_CHECK_INTERVAL_MS), values.get(SecurityKeys.SSL_KEYMANAGER_FACTORY),
                values.get(SecurityKeys.SSL_TRUSTMANAGER_FACTORY));
    }

    /** Whether the broker's certificate must name the host connected to. */
    public boolean verifiesHostname() {
        return !endpointIdentification.isEmpty();
    }

    /** Whether the client presents a certificate of its own (mTLS). */
    public boolean hasKeyStore() {
        return keyStoreLocation != null || keyStoreCertificateChain != null || keyManagerFactory != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "TlsSettings[protocols=" + enabledProtocols + ", endpointIdentification="
                + (endpointIdentification.isEmpty() ? "none" : endpointIdentification) + ", truststore="
                + (trustManagerFactory != null ? "given" : trustStoreLocation != null ? trustStoreType + " " + trustStoreLocation
                : trustStoreCertificates != null ? "inline PEM" : "JDK default CAs") + ", keystore="
                + (keyManagerFactory != null ? "given" : keyStoreLocation != null ? keyStoreType + " " + keyStoreLocation
                : keyStoreCertificateChain != null ? "inline PEM" : "none") + ", provider=" + provider + "]";
    }
}
