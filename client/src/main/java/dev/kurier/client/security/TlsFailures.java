package dev.kurier.client.security;

import dev.kurier.client.errors.SslAuthenticationException;
import dev.kurier.client.errors.SslAuthenticationException.Reason;
import io.netty.handler.ssl.NotSslRecordException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what a failed TLS handshake throws into a {@link SslAuthenticationException} that says which of the usual
 * causes it was and what to check.
 */
public final class TlsFailures {

    private TlsFailures() {
    }

    /** Whether {@code t}, or one of its causes, comes from TLS. */
    public static boolean isTlsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** The typed error for a handshake with {@code broker} that failed with {@code t}. */
    public static SslAuthenticationException classify(String broker, Throwable t) {
        Reason reason = reasonOf(t);
        String what = switch (reason) {
            case UNKNOWN_CA -> "the broker's certificate is not signed by a CA the client trusts: check ssl.truststore.* "
                    + "(it must hold the CA that signed the broker's certificate)";
            case EXPIRED_CERTIFICATE -> "a certificate in the broker's chain has expired or is not valid yet: renew it, "
                    + "or check the clocks";
            case HOSTNAME_MISMATCH -> "the broker's certificate does not name the host '" + host(broker) + "' the client "
                    + "connected to: use a host name the certificate lists (its subject alternative names), or fix the "
                    + "certificate (ssl.endpoint.identification.algorithm=https checks this)";
            case PROTOCOL_MISMATCH -> "client and broker share no TLS version or cipher suite: check ssl.enabled.protocols "
                    + "and ssl.cipher.suites on both sides";
            case CLIENT_CERTIFICATE_REJECTED -> "the broker refused the client's certificate or wanted one (mTLS): check "
                    + "ssl.keystore.* and that the broker trusts the CA that signed it";
            case NOT_TLS -> "the port did not answer in TLS: it is probably a plaintext listener; check the port and "
                    + "security.protocol";
            case EXPECTS_TLS -> "the port expects TLS: set security.protocol to SSL or SASL_SSL";
            case OTHER -> "check the TLS settings (ssl.*) of client and broker";
        };
        return new SslAuthenticationException(reason, "TLS handshake with broker " + broker + " failed: " + what
                + " (" + detail(t) + ")", t);
    }

    static Reason reasonOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof NotSslRecordException) {
                return Reason.NOT_TLS;
            }
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) {
                return Reason.EXPIRED_CERTIFICATE;
            }
            if (c instanceof CertPathBuilderException) {
                return Reason.UNKNOWN_CA;
            }
            if (c instanceof CertPathValidatorException v
                    && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return Reason.EXPIRED_CERTIFICATE;
            }
        }
        String text = allMessages(t).toLowerCase(Locale.ROOT);
        if (text.contains("no subject alternative") || text.contains("no name matching")
                || text.contains("hostname") && text.contains("verif")) {
            return Reason.HOSTNAME_MISMATCH;
        }
        if (text.contains("validity check failed") || text.contains("certificate expired") || text.contains("notafter")) {
            return Reason.EXPIRED_CERTIFICATE;
        }
        if (text.contains("unable to find valid certification path") || text.contains("unknown_ca")
                || text.contains("pkix path")) {
            return Reason.UNKNOWN_CA;
        }
        if (text.contains("bad_certificate") || text.contains("certificate_required") || text.contains("empty client certificate")
                || text.contains("certificate_unknown")) {
            return Reason.CLIENT_CERTIFICATE_REJECTED;
        }
        if (text.contains("protocol_version") || text.contains("no appropriate protocol") || text.contains("cipher suites in common")
                || text.contains("handshake_failure") || text.contains("insufficient_security")
                || text.contains("no negotiable cipher")) {
            return Reason.PROTOCOL_MISMATCH;
        }
        if (text.contains("unsupported or unrecognized ssl message") || text.contains("not an ssl/tls record")
                || text.contains("remote host terminated the handshake")) {
            return Reason.NOT_TLS;
        }
        return Reason.OTHER;
    }

    private static String allMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    /** The innermost cause of {@code t} (itself when it has none). */
    static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String detail(Throwable t) {
        Throwable root = rootCause(t);
        String m = root.getMessage();
        if (m != null && m.length() > 200) {
            m = m.substring(0, 200) + "...";
        }
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String host(String broker) {
        int colon = broker.lastIndexOf(':');
        return colon < 0 ? broker : broker.substring(0, colon);
    }
}
