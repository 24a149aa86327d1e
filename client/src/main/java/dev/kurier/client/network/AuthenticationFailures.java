package dev.kurier.client.network;

import dev.kurier.client.errors.AuthenticationException;

/**
 * The latest authentication failure of a client's connections, so that a caller that does not send the failed
 * request itself (a consumer's poll, whose fetches and group requests run on other threads) still learns of it.
 * Each failure is numbered: a caller reports each one once, then tries again (after reconnect backoff) on its next
 * call rather than failing forever.
 */
public final class AuthenticationFailures {

    private volatile AuthenticationException latest;
    private volatile long count;

    /** Records a failed authentication or TLS handshake. */
    synchronized void record(AuthenticationException e) {
        latest = e;
        count++;
    }

    /** How many failures were recorded so far. */
    public long count() {
        return count;
    }

    /** The latest failure if it came after the {@code seen}-th one, else {@code null}. */
    public AuthenticationException since(long seen) {
        return count > seen ? latest : null;
    }
}
