package dev.kurier.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks free loopback ports by binding port 0. A port found this way can still be taken by someone
 * else before the broker binds it, so callers retry startup on a bind conflict; within this JVM the
 * same port is never handed out twice in a row (the OS likes to return a just-closed port again).
 */
public final class FreePorts {

    /** Ports recently handed out in this JVM, oldest first, bounded. */
    private static final Set<Integer> RECENT = new LinkedHashSet<>();
    private static final int RECENT_LIMIT = 512;

    private FreePorts() {
    }

    /** Returns {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
    public static synchronized List<Integer> pick(int count) {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            int attempts = 0;
            while (ports.size() < count) {
                if (++attempts > count * 20) {
                    throw new IllegalStateException("Could not find " + count + " free loopback ports");
                }
                // Keep every socket open until all ports are picked, so the OS hands out distinct ones.
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                int port = socket.getLocalPort();
                if (RECENT.add(port)) {
                    ports.add(port);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind a loopback port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing useful to do: the port is free either way once the JVM lets go
                }
            }
        }
        while (RECENT.size() > RECENT_LIMIT) {
            RECENT.remove(RECENT.iterator().next());
        }
        return ports;
    }

    /** Fails with a clear message when {@code port} is in use on 127.0.0.1. */
    public static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on 127.0.0.1 is already in use", e);
        }
    }
}
