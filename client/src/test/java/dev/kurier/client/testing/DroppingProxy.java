package dev.kurier.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy to one broker that drops the first {@code drops} connections right after the client's first
 * request bytes arrive (as a load balancer or a restarting broker would), and forwards every later connection.
 */
public final class DroppingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger toDrop;
    private final AtomicInteger dropped = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** A proxy on a free loopback port to {@code 127.0.0.1:targetPort}. */
    public DroppingProxy(int targetPort, int drops) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.toDrop = new AtomicInteger(drops);
        this.acceptor = new Thread(this::accept, "dropping-proxy");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** The proxy's address, as bootstrap.servers takes it. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** How many connections were dropped. */
    public int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (toDrop.getAndDecrement() > 0) {
                    daemon(() -> dropAfterFirstBytes(client));
                } else {
                    Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(broker);
                    daemon(() -> pipe(client, broker));
                    daemon(() -> pipe(broker, client));
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void dropAfterFirstBytes(Socket client) {
        try {
            client.getInputStream().read(new byte[64]);
        } catch (IOException e) {
            // the client went first
        }
        dropped.incrementAndGet();
        close(client);
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            close(from);
            close(to);
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "dropping-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(DroppingProxy::close);
    }
}
