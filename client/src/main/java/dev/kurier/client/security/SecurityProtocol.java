package dev.kurier.client.security;

import java.util.Locale;

/** Kafka's {@code security.protocol}: whether a connection uses TLS, SASL, both or neither. */
public enum SecurityProtocol {
    /** Neither TLS nor SASL. */
    PLAINTEXT(false, false),
    /** TLS; the client is authenticated by its certificate when the broker asks for one (mTLS). */
    SSL(true, false),
    /** SASL over an unencrypted socket. */
    SASL_PLAINTEXT(false, true),
    /** SASL over TLS. */
    SASL_SSL(true, true);

    private final boolean tls;
    private final boolean sasl;

    SecurityProtocol(boolean tls, boolean sasl) {
        this.tls = tls;
        this.sasl = sasl;
    }

    /** Whether connections are wrapped in TLS. */
    public boolean usesTls() {
        return tls;
    }

    /** Whether connections authenticate with SASL before serving requests. */
    public boolean usesSasl() {
        return sasl;
    }

    /** Parses a {@code security.protocol} value, case-insensitively. */
    public static SecurityProtocol parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
