package dev.kurier.client;

import dev.kurier.client.common.Clock;
import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.internals.KurierAdmin;
import dev.kurier.client.cluster.MetadataConfig;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.internals.KurierConsumer;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.HostResolver;
import dev.kurier.client.network.KurierVersion;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.network.NetworkConfig;
import dev.kurier.client.network.NetworkListener;
import dev.kurier.client.producer.Partitioner;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerConfig;
import dev.kurier.client.producer.internals.KurierProducer;
import dev.kurier.client.serialization.Deserializer;
import dev.kurier.client.serialization.Serializer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: owns the connections to the cluster and its metadata, and creates producers, consumers and
 * an admin that share them. Thread-safe. Close it to release threads and sockets; closing it closes everything
 * it created.
 *
 * <pre>{@code
 * try (KurierClient client = KurierClient.create(ClientConfig.builder().bootstrapServers("localhost:9092").build());
 *      Producer<String, String> producer = client.producer(ProducerConfig.defaults(),
 *              Serdes.stringSerializer(), Serdes.stringSerializer())) {
 *     producer.send(ProducerRecord.of("orders", "id-1", "{...}")).join();
 * }
 * }</pre>
 */
public final class KurierClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KurierClient.class);

    private final ClientConfig config;
    private final NetworkClient network;
    private final MetadataManager metadata;
    private final List<AutoCloseable> children = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private KurierClient(ClientConfig config, NetworkListener listener, Clock clock) {
        this.config = config;
        NetworkConfig nc = new NetworkConfig(config.clientId(), config.get(ClientConfig.REQUEST_TIMEOUT_MS),
                config.get(ClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS), config.get(ClientConfig.MAX_IN_FLIGHT),
                config.get(ClientConfig.RECONNECT_BACKOFF_MS), config.get(ClientConfig.RECONNECT_BACKOFF_MAX_MS),
                config.get(ClientConfig.MAX_RESPONSE_SIZE), config.get(ClientConfig.SEND_BUFFER_BYTES),
                config.get(ClientConfig.RECEIVE_BUFFER_BYTES),
                Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4)), "kurier", KurierVersion.VERSION,
                config.channelSecurity());
        this.network = new NetworkClient(nc, listener);
        List<Endpoint> bootstrap = "resolve_canonical_bootstrap_servers_only".equals(
                config.get(ClientConfig.CLIENT_DNS_LOOKUP))
                ? HostResolver.canonicalBootstrap(config.bootstrapEndpoints(), nc.resolver())
                : config.bootstrapEndpoints();
        this.metadata = new MetadataManager(new MetadataConfig(bootstrap,
                config.get(ClientConfig.METADATA_MAX_AGE_MS), config.get(ClientConfig.RETRY_BACKOFF_MS),
                config.get(ClientConfig.REQUEST_TIMEOUT_MS), config.get(ClientConfig.ALLOW_AUTO_CREATE_TOPICS)),
                network, config.clientId(), clock);
        log.info("Kurier client {} created for {} ({})", config.clientId(), config.bootstrapEndpoints(),
                nc.security().protocol());
    }

    /** A client for the cluster in {@code config}. Connects lazily, on first use. */
    public static KurierClient create(ClientConfig config) {
        return new KurierClient(config, NetworkListener.NOOP, Clock.SYSTEM);
    }

    /**
     * A client whose producers, consumers and metadata read time from {@code clock} (timeouts, linger, back-off,
     * expiry): tests drive it with a manual clock instead of waiting.
     */
    public static KurierClient create(ClientConfig config, Clock clock) {
        return new KurierClient(config, NetworkListener.NOOP, java.util.Objects.requireNonNull(clock, "clock"));
    }

    /** A client whose connection and request events go to {@code listener} (for metrics). */
    public static KurierClient create(ClientConfig config, NetworkListener listener) {
        return new KurierClient(config, listener, Clock.SYSTEM);
    }

    /** A client from raw Kafka keys (producer and consumer keys in the map are ignored here). */
    public static KurierClient create(Map<String, ?> config) {
        return create(ClientConfig.from(config));
    }

    /** A new producer sharing this client's connections. */
    public <K, V> Producer<K, V> producer(ProducerConfig producerConfig, Serializer<K> keySerializer,
                                         Serializer<V> valueSerializer) {
        ensureOpen();
        KurierProducer<K, V> p = new KurierProducer<>(config, producerConfig, network.dedicated("producer"), metadata,
                keySerializer, valueSerializer, children::remove);
        children.add(p);
        return p;
    }

    /**
     * A new producer placing records without an explicit partition with {@code partitioner} instead of the one named
     * by the {@code partitioner} key.
     */
    public <K, V> Producer<K, V> producer(ProducerConfig producerConfig, Serializer<K> keySerializer,
                                         Serializer<V> valueSerializer, Partitioner partitioner) {
        java.util.Objects.requireNonNull(partitioner, "partitioner");
        ensureOpen();
        KurierProducer<K, V> p = new KurierProducer<>(config, producerConfig, network.dedicated("producer"), metadata,
                keySerializer, valueSerializer, partitioner, children::remove);
        children.add(p);
        return p;
    }

    /**
     * A new share-group consumer (KIP-932, Kafka 4.2 or newer) of {@code group.id}, sharing this client's connections.
     */
    public <K, V> dev.kurier.client.consumer.ShareConsumer<K, V> shareConsumer(ConsumerConfig consumerConfig,
            Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        ensureOpen();
        dev.kurier.client.consumer.internals.KurierShareConsumer<K, V> c =
                new dev.kurier.client.consumer.internals.KurierShareConsumer<>(config, consumerConfig,
                        network.dedicated("share-consumer"), metadata, keyDeserializer, valueDeserializer,
                        children::remove);
        children.add(c);
        return c;
    }

    /** A new consumer sharing this client's connections. */
    public <K, V> Consumer<K, V> consumer(ConsumerConfig consumerConfig, Deserializer<K> keyDeserializer,
                                         Deserializer<V> valueDeserializer) {
        ensureOpen();
        KurierConsumer<K, V> c = new KurierConsumer<>(config, consumerConfig, network.dedicated("consumer"), metadata,
                keyDeserializer, valueDeserializer, children::remove);
        children.add(c);
        return c;
    }

    /** An admin sharing this client's connections. */
    public Admin admin() {
        ensureOpen();
        return new KurierAdmin(network, metadata, config.get(ClientConfig.REQUEST_TIMEOUT_MS),
                config.get(ClientConfig.DEFAULT_API_TIMEOUT_MS), config.get(ClientConfig.RETRY_BACKOFF_MS));
    }

    /** The client configuration. */
    public ClientConfig config() {
        return config;
    }

    /** The metadata cache (for observability: cluster id, brokers, leaders). */
    public MetadataManager metadata() {
        return metadata;
    }

    /** The network layer (for observability: ready connections). */
    public NetworkClient network() {
        return network;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("KurierClient " + config.clientId() + " is closed");
        }
    }

    /** Closes every producer and consumer it created, then the connections. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable c : List.copyOf(children)) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", c, e.toString());
            }
        }
        metadata.close();
        network.close();
        log.info("Kurier client {} closed", config.clientId());
    }
}
