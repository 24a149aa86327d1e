package dev.kurier.client.security;

import dev.kurier.client.config.ConfigException;
import dev.kurier.client.config.Password;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a client {@link SslContext} from {@link TlsSettings}: trust and key stores of type JKS, PKCS12 or PEM (files
 * or inline), protocols, ciphers, hostname verification, the TLS provider. Errors name the config key and say what
 * is wrong with it, never a password.
 */
public final class TlsContextFactory {

    private TlsContextFactory() {
    }

    /** A context for {@code settings}; throws {@link ConfigException} naming the key at fault. */
    public static SslContext build(TlsSettings settings) {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(provider(settings.provider()))
                .protocols(settings.enabledProtocols())
                .endpointIdentificationAlgorithm(settings.verifiesHostname() ? settings.endpointIdentification() : null);
        if (!settings.cipherSuites().isEmpty()) {
            builder.ciphers(settings.cipherSuites());
        }
        if (settings.secureRandomImplementation() != null) {
            try {
                builder.secureRandom(SecureRandom.getInstance(settings.secureRandomImplementation()));
            } catch (NoSuchAlgorithmException e) {
                throw new ConfigException(SecurityKeys.SSL_SECURE_RANDOM_IMPLEMENTATION.name(), "the JDK has no SecureRandom '"
                        + settings.secureRandomImplementation() + "'");
            }
        }
        trust(settings, builder);
        keys(settings, builder);
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("ssl.*", "cannot build a TLS context: " + rootMessage(e));
        }
    }

    private static SslProvider provider(String name) {
        switch (name) {
            case "JDK":
                return SslProvider.JDK;
            case "OPENSSL":
                if (!OpenSsl.isAvailable()) {
                    throw new ConfigException(SecurityKeys.SSL_PROVIDER.name(), "OPENSSL needs netty-tcnative-boringssl-static "
                            + "on the classpath (" + rootMessage(OpenSsl.unavailabilityCause()) + ")");
                }
                return SslProvider.OPENSSL;
            default:
                throw new ConfigException(SecurityKeys.SSL_PROVIDER.name(), "'" + name + "' is not a TLS provider Kurier knows; "
                        + "use JDK or OPENSSL");
        }
    }

    private static void trust(TlsSettings s, SslContextBuilder builder) {
        if (s.trustManagerFactory() != null) {
            builder.trustManager(s.trustManagerFactory());
            return;
        }
        if (s.trustStoreType().equals("PEM")) {
            String key = s.trustStoreCertificates() != null ? SecurityKeys.SSL_TRUSTSTORE_CERTIFICATES.name()
                    : SecurityKeys.SSL_TRUSTSTORE_LOCATION.name();
            byte[] pem = s.trustStoreCertificates() != null ? s.trustStoreCertificates().getBytes(StandardCharsets.US_ASCII)
                    : s.trustStoreLocation() != null ? read(SecurityKeys.SSL_TRUSTSTORE_LOCATION.name(), s.trustStoreLocation())
                    : null;
            if (pem == null) {
                throw new ConfigException(SecurityKeys.SSL_TRUSTSTORE_TYPE.name(), "PEM needs ssl.truststore.location or "
                        + "ssl.truststore.certificates");
            }
            try {
                builder.trustManager(new ByteArrayInputStream(pem));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, "holds no readable PEM certificate: " + rootMessage(e));
            }
            return;
        }
        if (s.trustStoreLocation() == null) {
            return; // the JDK's default CAs
        }
        KeyStore store = load(SecurityKeys.SSL_TRUSTSTORE_LOCATION.name(), s.trustStoreType(), s.trustStoreLocation(),
                s.trustStorePassword(), SecurityKeys.SSL_TRUSTSTORE_PASSWORD.name());
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(s.trustManagerAlgorithm());
            tmf.init(store);
            builder.trustManager(tmf);
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(SecurityKeys.SSL_TRUSTMANAGER_ALGORITHM.name(), "unknown algorithm '"
                    + s.trustManagerAlgorithm() + "'");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(SecurityKeys.SSL_TRUSTSTORE_LOCATION.name(), "cannot use " + s.trustStoreLocation()
                    + " as a trust store: " + rootMessage(e));
        }
    }

    private static void keys(TlsSettings s, SslContextBuilder builder) {
        if (!s.hasKeyStore()) {
            return;
        }
        if (s.keyManagerFactory() != null) {
            builder.keyManager(s.keyManagerFactory());
            return;
        }
        if (s.keyStoreType().equals("PEM")) {
            byte[] chain;
            byte[] key;
            if (s.keyStoreCertificateChain() != null) {
                chain = s.keyStoreCertificateChain().getBytes(StandardCharsets.US_ASCII);
                if (s.keyStoreKey() == null) {
                    throw new ConfigException(SecurityKeys.SSL_KEYSTORE_KEY.name(), "is required with ssl.keystore.certificate.chain");
                }
                key = s.keyStoreKey().value().getBytes(StandardCharsets.US_ASCII);
            } else {
                // One PEM file holding the private key and the certificate chain, as kafka-clients reads it.
                chain = read(SecurityKeys.SSL_KEYSTORE_LOCATION.name(), s.keyStoreLocation());
                key = chain;
            }
            Password password = s.keyPassword();
            try {
                builder.keyManager(new ByteArrayInputStream(chain), new ByteArrayInputStream(key),
                        password == null ? null : password.value());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.keyStoreCertificateChain() != null ? SecurityKeys.SSL_KEYSTORE_KEY.name()
                        : SecurityKeys.SSL_KEYSTORE_LOCATION.name(), "cannot read the PEM private key or certificate chain "
                        + "(an encrypted key needs ssl.key.password; keys must be PKCS#8): " + rootMessage(e));
            }
            return;
        }
        KeyStore store = load(SecurityKeys.SSL_KEYSTORE_LOCATION.name(), s.keyStoreType(), s.keyStoreLocation(),
                s.keyStorePassword(), SecurityKeys.SSL_KEYSTORE_PASSWORD.name());
        Password keyPassword = s.keyPassword() != null ? s.keyPassword() : s.keyStorePassword();
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(s.keyManagerAlgorithm());
            kmf.init(store, keyPassword == null ? new char[0] : keyPassword.value().toCharArray());
            builder.keyManager(kmf);
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(SecurityKeys.SSL_KEYMANAGER_ALGORITHM.name(), "unknown algorithm '"
                    + s.keyManagerAlgorithm() + "'");
        } catch (UnrecoverableKeyException e) {
            throw new ConfigException(SecurityKeys.SSL_KEY_PASSWORD.name(), "does not open the private key in "
                    + s.keyStoreLocation());
        } catch (GeneralSecurityException e) {
            throw new ConfigException(SecurityKeys.SSL_KEYSTORE_LOCATION.name(), "cannot use " + s.keyStoreLocation()
                    + " as a key store: " + rootMessage(e));
        }
    }

    private static KeyStore load(String locationKey, String type, String location, Password password, String passwordKey) {
        byte[] bytes = read(locationKey, location);
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.value().toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new ConfigException(passwordKey, "is wrong for " + location);
            }
            throw new ConfigException(locationKey, location + " is not a " + type + " store: " + rootMessage(e));
        } catch (GeneralSecurityException e) {
            throw new ConfigException(locationKey, location + " is not a " + type + " store: " + rootMessage(e));
        }
    }

    static byte[] read(String key, String location) {
        try {
            return Files.readAllBytes(Path.of(location));
        } catch (NoSuchFileException e) {
            throw new ConfigException(key, "file " + location + " does not exist");
        } catch (IOException e) {
            throw new ConfigException(key, "cannot read " + location + ": " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = TlsFailures.rootCause(t);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
