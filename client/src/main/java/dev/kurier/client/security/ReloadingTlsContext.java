package dev.kurier.client.security;

import dev.kurier.client.config.ConfigException;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context new connections use, rebuilt when the key or trust store files change on disk (certificate
 * rotation without a restart). Files are looked at no more often than {@code ssl.reload.check.interval.ms}, when a
 * connection is made; connections already open keep the context they were made with. A changed file that cannot be
 * used (half written, wrong password) is logged at WARN and the previous context stays in force.
 */
public final class ReloadingTlsContext {

    private static final Logger log = LoggerFactory.getLogger(ReloadingTlsContext.class);

    private final TlsSettings settings;
    private final List<Path> files = new ArrayList<>();
    private final long intervalNanos;
    private SslContext current;
    private byte[] fingerprint;
    private long lastCheckNanos;

    /** Builds the first context now, so a configuration error surfaces when the client is created. */
    public ReloadingTlsContext(TlsSettings settings) {
        this.settings = settings;
        if (settings.trustStoreLocation() != null) {
            files.add(Path.of(settings.trustStoreLocation()));
        }
        if (settings.keyStoreLocation() != null && settings.keyStoreCertificateChain() == null) {
            files.add(Path.of(settings.keyStoreLocation()));
        }
        this.intervalNanos = settings.reloadCheckInterval().toNanos();
        this.current = TlsContextFactory.build(settings);
        this.fingerprint = fingerprint();
        this.lastCheckNanos = System.nanoTime();
        if (!settings.verifiesHostname()) {
            log.warn("ssl.endpoint.identification.algorithm is empty: broker certificates are not checked against the "
                    + "host name, so a man in the middle holding any certificate of a trusted CA is accepted");
        }
    }

    /** The settings the context is built from. */
    public TlsSettings settings() {
        return settings;
    }

    /** The context for a new connection, reloaded first if a store file changed since the last look. */
    public synchronized SslContext current() {
        if (intervalNanos > 0 && !files.isEmpty() && System.nanoTime() - lastCheckNanos >= intervalNanos) {
            lastCheckNanos = System.nanoTime();
            byte[] now = fingerprint();
            if (now != null && !Arrays.equals(now, fingerprint)) {
                try {
                    current = TlsContextFactory.build(settings);
                    fingerprint = now;
                    log.info("TLS key or trust store changed on disk; new connections use the new certificates ({})", files);
                } catch (ConfigException e) {
                    log.warn("TLS key or trust store changed on disk but cannot be used, keeping the previous one: {}",
                            e.getMessage());
                }
            }
        }
        return current;
    }

    /** A digest of the store files' contents, or {@code null} when one cannot be read right now. */
    private byte[] fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(Files.readAllBytes(f));
            }
            return sha.digest();
        } catch (IOException e) {
            log.debug("cannot read a TLS store file for the change check: {}", e.toString());
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
