package dev.kurier.client.cluster;

import dev.kurier.client.network.BrokerConnection;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.network.NetworkException;
import dev.kurier.client.network.RequestTimeoutException;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.requests.FindCoordinators;
import dev.kurier.client.protocol.message.FindCoordinatorResponse;
import dev.kurier.client.protocol.Request;
import dev.kurier.client.protocol.Response;
import dev.kurier.client.protocol.VersionedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows which broker coordinates a group or a transactional id and sends requests to it.
 *
 * <p>The coordinator is looked up with FindCoordinator (key type 0 for a group, 1 for a transactional id) at any broker, once, and cached until a
 * request shows it is no longer valid: a connection failure or timeout, or an answer of NOT_COORDINATOR or
 * COORDINATOR_NOT_AVAILABLE (callers report those through {@link #markUnknown}). Lookups running at the same
 * time share one round trip. Requests go over a connection of the owner's own {@link NetworkClient}, so a
 * JoinGroup the broker holds for the length of a rebalance never delays fetches on the shared connections.
 */
public final class CoordinatorLocator {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorLocator.class);

    private final byte keyType;
    private final String key; // a group id or a transactional id
    private final String what; // "group G" or "transactional id T", for messages
    private final MetadataManager metadata;
    private final NetworkClient network;

    private Endpoint current; // guarded by this
    private CompletableFuture<Endpoint> lookup; // guarded by this
    // Logging only: during a failover metadata keeps naming the dead coordinator for a while, and each
    // lookup-and-fail cycle would otherwise log twice at INFO.
    private Endpoint announced; // guarded by this
    private volatile boolean failureAnnounced;

    /** The locator of group {@code groupId}'s coordinator. */
    public CoordinatorLocator(String groupId, MetadataManager metadata, NetworkClient network) {
        this(FindCoordinators.KEY_TYPE_GROUP, groupId, metadata, network);
    }

    /** The locator of the coordinator of {@code key}, of {@link FindCoordinators} key type {@code keyType}. */
    public CoordinatorLocator(byte keyType, String key, MetadataManager metadata, NetworkClient network) {
        this.keyType = keyType;
        this.key = key;
        this.what = (keyType == FindCoordinators.KEY_TYPE_TRANSACTION ? "transactional id " : "group ") + key;
        this.metadata = metadata;
        this.network = network;
    }

    /** The coordinator now, or {@code null} while unknown. */
    public synchronized Endpoint known() {
        return current;
    }

    /**
     * The coordinator: the cached one, else the result of one FindCoordinator round trip. Fails with a
     * {@link dev.kurier.client.protocol.KafkaErrorException} (retriable for COORDINATOR_NOT_AVAILABLE and the
     * like) or with the network error; callers retry after {@code retry.backoff.ms}.
     */
    public synchronized CompletableFuture<Endpoint> coordinator() {
        if (current != null) {
            return CompletableFuture.completedFuture(current);
        }
        if (lookup != null) {
            return lookup;
        }
        CompletableFuture<Endpoint> f = metadata.sendToAnyBroker(findRequest()).thenApply(this::endpointOf);
        lookup = f;
        f.whenComplete((ep, err) -> {
            boolean changed = false;
            synchronized (CoordinatorLocator.this) {
                lookup = null;
                if (ep != null) {
                    current = ep;
                    changed = !ep.equals(announced);
                    announced = ep;
                }
            }
            if (ep != null && changed) {
                failureAnnounced = false;
                log.info("{}: discovered coordinator {}", what, ep);
            } else if (ep != null) {
                log.debug("{}: coordinator is still {}", what, ep);
            } else {
                log.debug("{}: coordinator lookup failed: {}", what, messageOf(err));
            }
        });
        return f;
    }

    private VersionedRequest<FindCoordinatorResponse> findRequest() {
        return new VersionedRequest<>(ApiKey.FIND_COORDINATOR,
                v -> FindCoordinators.request(keyType, key, v));
    }

    private Endpoint endpointOf(FindCoordinatorResponse response) {
        for (FindCoordinatorResponse.Coordinator c : FindCoordinators.results(response, key)) {
            if (!key.equals(c.key())) {
                continue;
            }
            Errors error = Errors.forCode(c.errorCode());
            if (error != Errors.NONE) {
                throw error.exception("finding the coordinator of " + what
                        + (c.errorMessage() == null || c.errorMessage().isEmpty() ? "" : " (" + c.errorMessage() + ")"));
            }
            return new Endpoint(c.host(), c.port());
        }
        throw Errors.COORDINATOR_NOT_AVAILABLE.exception("FindCoordinator answered without " + what);
    }

    /**
     * Forgets the coordinator if it is still {@code which} (or whatever it is, when {@code which} is null), so
     * the next request looks it up again.
     */
    public void markUnknown(Endpoint which, String reason) {
        boolean forgot = false;
        Endpoint was;
        synchronized (this) {
            was = current;
            if (current != null && (which == null || which.equals(current))) {
                current = null;
                forgot = true;
            }
        }
        if (forgot && !failureAnnounced) {
            failureAnnounced = true;
            log.info("{}: coordinator {} is unavailable or invalid ({}); will rediscover it", what, was,
                    reason);
        } else if (forgot) {
            log.debug("{}: coordinator {} still unavailable ({})", what, was, reason);
        }
    }

    /**
     * Sends {@code request} to the coordinator (looking it up first if needed). A network failure or no answer
     * within {@code timeout} marks the coordinator unknown; a timeout also drops the connection, since answers
     * come in order and a late one would block those behind it.
     */
    public <R extends Response> CompletableFuture<R> send(Request<R> request, Duration timeout) {
        return coordinator().thenCompose(ep -> {
            BrokerConnection connection = network.connection(ep);
            return connection.send(request).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((response, err) -> {
                        if (err == null) {
                            failureAnnounced = false;
                            return CompletableFuture.completedFuture(response);
                        }
                        Throwable cause = unwrap(err);
                        if (cause instanceof TimeoutException) {
                            cause = new RequestTimeoutException(ep, request.apiKey().displayName, timeout);
                            connection.disconnect(request.apiKey().displayName + " timed out");
                            markUnknown(ep, cause.getMessage());
                        } else if (cause instanceof NetworkException) {
                            markUnknown(ep, cause.getMessage());
                        }
                        return CompletableFuture.<R>failedFuture(cause);
                    })
                    .thenCompose(f -> f);
        });
    }

    public static Throwable unwrap(Throwable err) {
        Throwable t = err;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    public static String messageOf(Throwable err) {
        Throwable t = unwrap(err);
        return t == null ? "unknown" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
