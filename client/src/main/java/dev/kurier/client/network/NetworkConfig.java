package dev.kurier.client.network;

import dev.kurier.client.security.ChannelSecurity;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the network layer, taken from the client config keys of the same names.
 *
 * @param clientId                 {@code client.id}, sent in every request header
 * @param requestTimeout           {@code request.timeout.ms}: a request with no answer by then fails and its connection is dropped
 * @param connectTimeout           {@code socket.connection.setup.timeout.ms}: TCP connect plus ApiVersions negotiation
 * @param maxInFlight              {@code max.in.flight.requests.per.connection}: requests written but not yet answered
 * @param reconnectBackoff         {@code reconnect.backoff.ms}: first wait before reconnecting to a broker that failed
 * @param reconnectBackoffMax      {@code reconnect.backoff.max.ms}: cap of the exponential backoff
 * @param maxResponseSize          {@code max.response.size}: a length prefix above this is rejected before any buffer is allocated
 * @param sendBufferBytes          {@code send.buffer.bytes} (SO_SNDBUF), -1 for the OS default
 * @param receiveBufferBytes       {@code receive.buffer.bytes} (SO_RCVBUF), -1 for the OS default
 * @param ioThreads                number of Netty event-loop threads shared by all connections
 * @param clientSoftwareName       reported to brokers in ApiVersions
 * @param clientSoftwareVersion    reported to brokers in ApiVersions
 * @param security                 TLS and SASL of every connection ({@code security.protocol}, {@code ssl.*},
 *                                 {@code sasl.*})
 */
public record NetworkConfig(
        String clientId,
        Duration requestTimeout,
        Duration connectTimeout,
        int maxInFlight,
        Duration reconnectBackoff,
        Duration reconnectBackoffMax,
        int maxResponseSize,
        int sendBufferBytes,
        int receiveBufferBytes,
        int ioThreads,
        String clientSoftwareName,
        String clientSoftwareVersion,
        ChannelSecurity security,
        HostResolver resolver) {

    /** Default {@code max.response.size}: 100 MiB, above the default {@code fetch.max.bytes} of 50 MiB. */
    public static final int DEFAULT_MAX_RESPONSE_SIZE = 100 * 1024 * 1024;

    /** Validates every value, naming the config key on error. */
    public NetworkConfig {
        Objects.requireNonNull(requestTimeout, "request.timeout.ms");
        Objects.requireNonNull(connectTimeout, "socket.connection.setup.timeout.ms");
        Objects.requireNonNull(reconnectBackoff, "reconnect.backoff.ms");
        Objects.requireNonNull(reconnectBackoffMax, "reconnect.backoff.max.ms");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(resolver, "resolver");
        positive("request.timeout.ms", requestTimeout.toMillis());
        positive("socket.connection.setup.timeout.ms", connectTimeout.toMillis());
        positive("max.in.flight.requests.per.connection", maxInFlight);
        positive("max.response.size", maxResponseSize);
        positive("io threads", ioThreads);
        if (reconnectBackoff.isNegative()) {
            throw new IllegalArgumentException("reconnect.backoff.ms must be >= 0, got " + reconnectBackoff.toMillis());
        }
        if (reconnectBackoffMax.compareTo(reconnectBackoff) < 0) {
            throw new IllegalArgumentException("reconnect.backoff.max.ms (" + reconnectBackoffMax.toMillis()
                    + ") must be >= reconnect.backoff.ms (" + reconnectBackoff.toMillis() + ")");
        }
    }

    /** Settings of a plaintext client. */
    public NetworkConfig(String clientId, Duration requestTimeout, Duration connectTimeout, int maxInFlight,
                         Duration reconnectBackoff, Duration reconnectBackoffMax, int maxResponseSize, int sendBufferBytes,
                         int receiveBufferBytes, int ioThreads, String clientSoftwareName, String clientSoftwareVersion) {
        this(clientId, requestTimeout, connectTimeout, maxInFlight, reconnectBackoff, reconnectBackoffMax, maxResponseSize,
                sendBufferBytes, receiveBufferBytes, ioThreads, clientSoftwareName, clientSoftwareVersion,
                ChannelSecurity.PLAINTEXT);
    }

    /** Settings with the system's host resolution (every address of a name, tried in turn). */
    public NetworkConfig(String clientId, Duration requestTimeout, Duration connectTimeout, int maxInFlight,
                         Duration reconnectBackoff, Duration reconnectBackoffMax, int maxResponseSize, int sendBufferBytes,
                         int receiveBufferBytes, int ioThreads, String clientSoftwareName, String clientSoftwareVersion,
                         ChannelSecurity security) {
        this(clientId, requestTimeout, connectTimeout, maxInFlight, reconnectBackoff, reconnectBackoffMax, maxResponseSize,
                sendBufferBytes, receiveBufferBytes, ioThreads, clientSoftwareName, clientSoftwareVersion, security,
                HostResolver.SYSTEM);
    }

    /** These settings with host names resolved by {@code resolver}. */
    public NetworkConfig withResolver(HostResolver resolver) {
        return new NetworkConfig(clientId, requestTimeout, connectTimeout, maxInFlight, reconnectBackoff,
                reconnectBackoffMax, maxResponseSize, sendBufferBytes, receiveBufferBytes, ioThreads, clientSoftwareName,
                clientSoftwareVersion, security, resolver);
    }

    /** The same settings with another {@code request.timeout.ms} and number of event-loop threads. */
    public NetworkConfig with(Duration requestTimeout, int ioThreads) {
        return new NetworkConfig(clientId, requestTimeout, connectTimeout, maxInFlight, reconnectBackoff,
                reconnectBackoffMax, maxResponseSize, sendBufferBytes, receiveBufferBytes, ioThreads, clientSoftwareName,
                clientSoftwareVersion, security, resolver);
    }

    /** Defaults matching kafka-clients where the key exists there. */
    public static NetworkConfig defaults(String clientId) {
        return new NetworkConfig(clientId, Duration.ofSeconds(30), Duration.ofSeconds(10), 5,
                Duration.ofMillis(50), Duration.ofSeconds(1), DEFAULT_MAX_RESPONSE_SIZE, 128 * 1024, 64 * 1024,
                Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4)), "kurier",
                KurierVersion.VERSION);
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }
}
