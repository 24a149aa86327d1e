package dev.kurier.client.testing;

import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.message.ApiVersionsResponse;
import dev.kurier.client.protocol.message.MetadataResponse;
import dev.kurier.client.protocol.RequestHeader;
import dev.kurier.client.protocol.ResponseHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted broker for network fault tests only (everything else runs against the real broker from the
 * testkit). It answers the first ApiVersions of each connection like a modern broker and hands every later
 * request (ApiVersions probes included) to a {@link Script}
 * that decides what bytes, if any, go back: a good answer, half an answer, garbage, or silence.
 */
public final class FakeBroker implements AutoCloseable {

    /** Decides the reply to one non-ApiVersions request. */
    @FunctionalInterface
    public interface Script {
        /** Writes (or not) a reply; may close the socket. {@code n} counts requests on this broker from 0. */
        void reply(int n, RequestHeader header, ByteBuf body, Socket socket, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Script script;
    private volatile List<ApiVersionsResponse.ApiVersion> advertised = allApis();

    /** Starts listening on a free loopback port. */
    public FakeBroker(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fake-broker-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Non-ApiVersions requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** Replaces the script. */
    public void script(Script s) {
        this.script = s;
    }

    /** Replaces the API ranges advertised in ApiVersions. */
    public void advertise(List<ApiVersionsResponse.ApiVersion> apis) {
        this.advertised = apis;
    }

    /**
     * Writes a Metadata response (version {@code version}) naming this broker as node 0 and leader of the single
     * partition of {@code topic}.
     */
    public static void writeOneTopicMetadata(ByteBuf out, short version, Socket socket, String topic, UUID topicId) {
        MetadataResponse.Partition partition = MetadataResponse.Partition.builder().partitionIndex(0).leaderId(0)
                .leaderEpoch(0).replicaNodes(List.of(0)).isrNodes(List.of(0)).build();
        MetadataResponse.builder()
                .brokers(List.of(new MetadataResponse.Broker(0, "127.0.0.1", socket.getLocalPort(), null)))
                .clusterId("fake").controllerId(0)
                .topics(List.of(MetadataResponse.Topic.builder().name(topic).topicId(topicId)
                        .partitions(List.of(partition)).build()))
                .build().write(out, version);
    }

    /** Every API at Kurier's own range. */
    public static List<ApiVersionsResponse.ApiVersion> allApis() {
        List<ApiVersionsResponse.ApiVersion> list = new ArrayList<>();
        for (ApiKey k : ApiKey.values()) {
            list.add(new ApiVersionsResponse.ApiVersion(k.id, (short) 0, k.maxVersion));
        }
        return list;
    }

    /** Writes a complete response frame: size, header v0/v1, body. */
    public static void respond(OutputStream out, int correlationId, short headerVersion, ByteBuf body) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        try {
            frame.writeInt(0);
            ResponseHeader.write(frame, correlationId, headerVersion);
            frame.writeBytes(body, body.readerIndex(), body.readableBytes());
            frame.setInt(0, frame.writerIndex() - 4);
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            frame.release();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "fake-broker-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            boolean negotiated = false;
            while (true) {
                int size = in.readInt();
                byte[] bytes = new byte[size];
                in.readFully(bytes);
                ByteBuf frame = Unpooled.wrappedBuffer(bytes);
                RequestHeader header = RequestHeader.read(frame);
                if (header.apiKey() == ApiKey.API_VERSIONS && !negotiated) {
                    negotiated = true;
                    ByteBuf body = Unpooled.buffer();
                    ApiVersionsResponse.builder().apiKeys(advertised).build().write(body, header.apiVersion());
                    respond(out, header.correlationId(), (short) 0, body);
                    body.release();
                } else {
                    script.reply(requests.getAndIncrement(), header, frame, s, out);
                }
                frame.release();
            }
        } catch (IOException e) {
            // connection closed by either side
        }
    }

    /** Closes every connection (as a crashing broker would) but keeps listening. */
    public void dropConnections() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        sockets.clear();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
