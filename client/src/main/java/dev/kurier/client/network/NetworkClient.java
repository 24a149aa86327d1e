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
 * lazily, on first use, and shared by everything in one client (producer, consumers, admin).
 */
public final class NetworkClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetworkClient.class);

    private final NetworkConfig config;
    private final EventLoopGroup group;
    private final NetworkListener listener;
    private final ConcurrentHashMap<Endpoint, BrokerConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Starts the event loops ({@link NetworkConfig#ioThreads()} daemon threads named after the client id). */
    public NetworkClient(NetworkConfig config, NetworkListener listener) {
        this.config = config;
        this.listener = listener == null ? NetworkListener.NOOP : listener;
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("kurier-io-" + config.clientId(), true), NioIoHandler.newFactory());
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
                e -> new BrokerConnection(e, config, group.next(), listener));
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
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (BrokerConnection c : connections.values()) {
            closing.add(c.close());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("connections did not close cleanly", e);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
