package dev.kurier.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy in front of one broker listener, for fault tests: the broker advertises the proxy's port (see
 * {@link KafkaClusterBuilder#chaosProxy()}), so every client connection to that node, bootstrap or leader, runs
 * through it. At any time it can kill every connection (reset, as a crashed peer or a load balancer would), add
 * latency with jitter, blackhole (bytes are read and dropped, nothing is closed: a network partition as the client
 * sees it, ending only in its request timeouts) and limit bandwidth. Each connection is two pump threads.
 */
public final class ChaosProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosProxy.class);
    private static final int CHUNK = 64 * 1024;

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong killed = new AtomicLong();
    private volatile long latencyNanos;
    private volatile long jitterNanos;
    private volatile boolean blackhole;
    private volatile long bytesPerSecond;
    private volatile boolean closed;

    /** A proxy listening on {@code 127.0.0.1:port} (0: any free port) to {@code 127.0.0.1:targetPort}. */
    public ChaosProxy(int port, int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        Thread acceptor = new Thread(this::accept, "chaos-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port the proxy listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** Kills every open connection with a reset; clients reconnect (through the proxy again). */
    public void killConnections() {
        for (Socket s : sockets) {
            reset(s);
        }
        killed.incrementAndGet();
    }

    /** Delays every chunk of bytes by {@code latency} plus a uniform random part of up to {@code jitter}. */
    public void latency(Duration latency, Duration jitter) {
        this.latencyNanos = latency.toNanos();
        this.jitterNanos = jitter.toNanos();
    }

    /** {@code true}: bytes in both directions are read and dropped, connections stay open; {@code false}: forwarded. */
    public void blackhole(boolean on) {
        this.blackhole = on;
    }

    /** Limits each direction of each connection to {@code bytesPerSecond}; 0 removes the limit. */
    public void bandwidth(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Back to plain forwarding: no latency, no blackhole, no bandwidth limit. */
    public void heal() {
        latency(Duration.ZERO, Duration.ZERO);
        blackhole(false);
        bandwidth(0);
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Times {@link #killConnections()} ran. */
    public long kills() {
        return killed.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            try {
                client.setTcpNoDelay(true);
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                pump(client, broker, "up");
                pump(broker, client, "down");
            } catch (IOException e) {
                LOG.debug("chaos proxy {}: the broker on {} does not answer ({}); connection closed", port(),
                        targetPort, e.toString());
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[CHUNK];
            long due = 0;
            long windowStart = System.nanoTime();
            long windowBytes = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (blackhole) {
                        continue; // dropped on the floor; nobody is told
                    }
                    long delay = latencyNanos + (jitterNanos > 0 ? ThreadLocalRandom.current().nextLong(jitterNanos) : 0);
                    if (delay > 0) {
                        due = Math.max(due, System.nanoTime() + delay); // never reorders bytes
                        sleepUntil(due);
                    }
                    long limit = bytesPerSecond;
                    if (limit > 0) {
                        windowBytes += n;
                        long allowedAt = windowStart + (long) (windowBytes * 1e9 / limit);
                        sleepUntil(allowedAt);
                        if (System.nanoTime() - windowStart > 1_000_000_000L) {
                            windowStart = System.nanoTime();
                            windowBytes = 0;
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: the other follows
            } finally {
                close(from);
                close(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "chaos-proxy-" + port() + "-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // RST, not FIN
        } catch (IOException e) {
            // closed already
        }
        close(s);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
        killConnections();
    }

    @Override
    public String toString() {
        return "ChaosProxy[" + port() + " -> " + targetPort + (blackhole ? ", blackhole" : "")
                + (latencyNanos > 0 ? ", latency " + latencyNanos / 1_000_000 + " ms" : "") + "]";
    }
}
