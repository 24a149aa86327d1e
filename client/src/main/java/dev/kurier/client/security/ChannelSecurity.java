package dev.kurier.client.security;

import dev.kurier.client.config.ConfigValues;
import dev.kurier.client.security.sasl.SaslMechanism;

/**
 * How every connection of a client is secured: TLS (with the context new connections use) and SASL (the mechanism
 * each connection authenticates with), as {@code security.protocol} says. Built once per client, so configuration
 * errors (a missing trust store, a JAAS config without a password) surface when the client is created.
 */
public final class ChannelSecurity {

    /** No TLS, no SASL. */
    public static final ChannelSecurity PLAINTEXT = new ChannelSecurity(SecurityProtocol.PLAINTEXT, null, null);

    private final SecurityProtocol protocol;
    private final ReloadingTlsContext tls;
    private final SaslMechanism sasl;

    private ChannelSecurity(SecurityProtocol protocol, ReloadingTlsContext tls, SaslMechanism sasl) {
        this.protocol = protocol;
        this.tls = tls;
        this.sasl = sasl;
    }

    /** Reads {@code security.protocol} and, as it needs them, the {@code ssl.*} and {@code sasl.*} keys. */
    public static ChannelSecurity from(ConfigValues values) {
        SecurityProtocol protocol = SecurityProtocol.parse(values.get(SecurityKeys.SECURITY_PROTOCOL));
        return from(values, protocol.usesSasl() ? SaslSettings.mechanism(values) : null);
    }

    /**
     * As {@link #from(ConfigValues)}, with the SASL mechanism already built from {@code values} (by the config that
     * validated it), so a token provider is created once per config.
     */
    public static ChannelSecurity from(ConfigValues values, SaslMechanism sasl) {
        SecurityProtocol protocol = SecurityProtocol.parse(values.get(SecurityKeys.SECURITY_PROTOCOL));
        if (protocol == SecurityProtocol.PLAINTEXT) {
            return PLAINTEXT;
        }
        return new ChannelSecurity(protocol, protocol.usesTls() ? new ReloadingTlsContext(TlsSettings.from(values)) : null,
                protocol.usesSasl() ? sasl : null);
    }

    /** The protocol. */
    public SecurityProtocol protocol() {
        return protocol;
    }

    /** The TLS context source, or {@code null} without TLS. */
    public ReloadingTlsContext tls() {
        return tls;
    }

    /** The SASL mechanism, or {@code null} without SASL. */
    public SaslMechanism sasl() {
        return sasl;
    }

    @Override
    public String toString() {
        return protocol + (tls != null ? " " + tls.settings() : "") + (sasl != null ? " " + sasl : "");
    }
}
