package dev.kurier.client.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the Netty event loops and one {@link BrokerConnection} per broker address. Connections are made
 * lazily, on first use.
 *
 * <p>A broker works through one connection's requests one at a time, so a consumer's long-poll fetch would hold up
 * a producer's requests on a shared connection. Each producer and consumer therefore gets its own connections
 * through {@link #dedicated(String)}, sharing the event loops; metadata and admin requests use this client's own.
 */
public final class NetworkClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetworkClient.class);

    private final NetworkConfig config;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final String name;
    private final NetworkListener listener;
    private final ConcurrentHashMap<Endpoint, BrokerConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final java.util.Set<NetworkClient> children = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AuthenticationFailures authFailures;
    private final Throttling throttling;
    /** The client this one is a dedicated part of, or null. */
    private final NetworkClient parent;

    /** Starts the event loops ({@link NetworkConfig#ioThreads()} daemon threads named after the client id). */
    public NetworkClient(NetworkConfig config, NetworkListener listener) {
        this.config = config;
        this.listener = listener == null ? NetworkListener.NOOP : listener;
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("kurier-io-" + config.clientId(), true), NioIoHandler.newFactory());
        this.ownsGroup = true;
        this.name = config.clientId();
        this.authFailures = new AuthenticationFailures();
        this.throttling = new Throttling();
        this.parent = null;
    }

    private NetworkClient(NetworkClient parent, String name, NetworkConfig config) {
        this.config = config;
        this.listener = parent.listener;
        this.group = parent.group;
        this.ownsGroup = false;
        this.name = name;
        this.authFailures = parent.authFailures;
        this.throttling = parent.throttling;
        this.parent = parent;
    }

    /** Quota throttling seen by this client's connections, its dedicated ones included. */
    public Throttling throttling() {
        return throttling;
    }

    /** Authentication failures of this client's connections, its dedicated ones included. */
    public AuthenticationFailures authenticationFailures() {
        return authFailures;
    }

    /**
     * A network client with connections of its own over the same event loops, for one producer or consumer. Closing
     * it closes only its connections.
     */
    public NetworkClient dedicated(String name) {
        return dedicated(name, config);
    }

    /**
     * As {@link #dedicated(String)}, with settings of its own (a group coordinator's longer request timeout); the
     * event loops stay this client's, whatever {@code config} says about them.
     */
    public NetworkClient dedicated(String name, NetworkConfig config) {
        if (closed) {
            throw new IllegalStateException("the network client is closed");
        }
        NetworkClient child = new NetworkClient(this, name, config);
        children.add(child);
        return child;
    }

    /** The dedicated clients open now (closed ones are forgotten). */
    public int dedicatedClients() {
        return children.size();
    }

    /** Connections ready now, in this client and every dedicated one. */
    public int totalReadyConnections() {
        int n = readyConnections();
        for (NetworkClient c : children) {
            n += c.readyConnections();
        }
        return n;
    }

    /** The configuration in force. */
    public NetworkConfig config() {
        return config;
    }

    /** The connection to {@code endpoint}, created (but not yet connected) on first use. */
    public BrokerConnection connection(Endpoint endpoint) {
        if (closed) {
            throw new IllegalStateException("the network client is closed");
        }
        return connections.computeIfAbsent(endpoint,
                e -> new BrokerConnection(e, config, group.next(), listener, authFailures, throttling));
    }

    /** The connections made so far. */
    public Collection<BrokerConnection> connections() {
        return List.copyOf(connections.values());
    }

    /** Number of connections currently ready. */
    public int readyConnections() {
        int n = 0;
        for (BrokerConnection c : connections.values()) {
            if (c.isReady()) {
                n++;
            }
        }
        return n;
    }

    /** Closes every connection and stops the event loops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (parent != null) {
            parent.children.remove(this); // a closed consumer leaves nothing behind in the client
        }
        for (NetworkClient c : List.copyOf(children)) {
            c.close();
        }
        children.clear();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (BrokerConnection c : connections.values()) {
            closing.add(c.close());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("connections of {} did not close cleanly", name, e);
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
