package dev.kurier.testkit.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Sends one Metadata request to one given broker over a plain blocking socket, using Kafka's own
 * request and response classes (on the forked broker's classpath).
 *
 * <p>The admin client cannot be told which broker answers a metadata request; asking each broker
 * directly is how the testkit knows that every broker's metadata cache has caught up.
 */
final class MetadataProbe {

    /** Metadata v12: supported by every broker from 3.x to 4.x, and carries topic ids. */
    private static final short VERSION = 12;
    /** Upper bound on a response we accept; a metadata response of a test cluster is tiny. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    private static final AtomicInteger CORRELATION = new AtomicInteger();

    private MetadataProbe() {
    }

    /**
     * Asks the broker at {@code host:port} for metadata.
     *
     * @param topics the topics to describe, or {@code null} for all topics
     */
    static MetadataResponseData fetch(String host, int port, List<String> topics, int timeoutMs) throws IOException {
        MetadataRequest.Builder builder = topics == null
                ? MetadataRequest.Builder.allTopics()
                : new MetadataRequest.Builder(topics, false);
        MetadataRequest request = builder.build(VERSION);
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, VERSION, "kurier-testkit-probe",
                CORRELATION.incrementAndGet());
        ByteBuffer payload = request.serializeWithHeader(header);
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size < 0 || size > MAX_RESPONSE_BYTES) {
                throw new IOException("Broker " + host + ":" + port + " sent a response of invalid size " + size);
            }
            byte[] response = new byte[size];
            in.readFully(response);
            MetadataResponse parsed = (MetadataResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
            return parsed.data();
        }
    }

    /** Splits {@code host:port}. */
    static String host(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Not a host:port address: " + address);
        }
        return address.substring(0, colon);
    }

    /** Splits {@code host:port}. */
    static int port(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Not a host:port address: " + address);
        }
        return Integer.parseInt(address.substring(colon + 1));
    }
}
