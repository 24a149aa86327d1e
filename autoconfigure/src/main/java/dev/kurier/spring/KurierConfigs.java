package dev.kurier.spring;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.config.ConfigException;
import dev.kurier.client.config.ConfigValues;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.producer.ProducerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@link KurierProperties} into Kurier's client configs, remembering which {@code kurier.*} property gave
 * each Kafka key, so that a value the client rejects fails startup with an
 * {@link InvalidConfigurationPropertyValueException} naming the property and what is allowed (Spring Boot's
 * failure analyzer prints it). Values of secret keys are never put in a message.
 */
public final class KurierConfigs {

    private final KurierProperties properties;
    private final String bootstrapServers;

    /** Configs from {@code properties}, with {@code bootstrapServers} from the connection details. */
    public KurierConfigs(KurierProperties properties, String bootstrapServers) {
        this.properties = properties;
        this.bootstrapServers = bootstrapServers;
    }

    /** The properties these configs come from. */
    public KurierProperties properties() {
        return properties;
    }

    /** The client (connection) config, after {@code customizers}. */
    public ClientConfig clientConfig(List<KurierClientCustomizer> customizers) {
        Layered raw = commonLayer();
        return build(raw, "a KurierClientCustomizer", customizers.isEmpty(), () -> {
            ClientConfig.Builder b = ClientConfig.builder().setAll(raw.values);
            customizers.forEach(c -> c.customize(b));
            return b.build();
        }, () -> ClientConfig.from(raw.values));
    }

    /** The producer config, after {@code customizers}. */
    public ProducerConfig producerConfig(List<KurierProducerCustomizer> customizers) {
        Layered raw = commonLayer();
        KurierProperties.Producer p = properties.getProducer();
        String pre = "kurier.producer.";
        raw.put(ProducerConfig.ACKS.name(), p.getAcks(), pre + "acks");
        raw.put(ProducerConfig.LINGER_MS.name(), p.getLinger(), pre + "linger");
        raw.put(ProducerConfig.BATCH_SIZE.name(), intBytes(p.getBatchSize(), pre + "batch-size"), pre + "batch-size");
        raw.put(ProducerConfig.COMPRESSION_TYPE.name(), p.getCompressionType(), pre + "compression-type");
        raw.put(ProducerConfig.BUFFER_MEMORY.name(), bytes(p.getBufferMemory()), pre + "buffer-memory");
        raw.put(ProducerConfig.MAX_REQUEST_SIZE.name(), intBytes(p.getMaxRequestSize(), pre + "max-request-size"),
                pre + "max-request-size");
        raw.put(ProducerConfig.MAX_BLOCK_MS.name(), p.getMaxBlock(), pre + "max-block");
        raw.put(ProducerConfig.RETRIES.name(), p.getRetries(), pre + "retries");
        raw.put(ProducerConfig.DELIVERY_TIMEOUT_MS.name(), p.getDeliveryTimeout(), pre + "delivery-timeout");
        raw.put(ProducerConfig.ENABLE_IDEMPOTENCE.name(), p.isEnableIdempotence(), pre + "enable-idempotence");
        raw.put(ProducerConfig.ENABLE_PACING.name(), p.isEnablePacing(), pre + "enable-pacing");
        raw.put(ProducerConfig.PARTITIONER.name(), p.getPartitioner(), pre + "partitioner");
        raw.putAll(p.getProperties(), pre + "properties");
        return build(raw, "a KurierProducerCustomizer", customizers.isEmpty(), () -> {
            ProducerConfig.Builder b = ProducerConfig.builder();
            raw.values.forEach(b::set);
            customizers.forEach(c -> c.customize(b));
            return b.build();
        }, () -> {
            ProducerConfig.Builder b = ProducerConfig.builder();
            raw.values.forEach(b::set);
            return b.build();
        });
    }

    /**
     * The consumer config of one listener: the {@code kurier.consumer.*} defaults, then {@code overrides} (raw
     * Kafka keys with the name of their origin), then {@code customizers}.
     */
    public ConsumerConfig consumerConfig(Map<String, String> overrides, String overridesOrigin,
                                         List<KurierConsumerCustomizer> customizers) {
        Layered raw = consumerLayer();
        raw.putAll(overrides, overridesOrigin);
        return build(raw, "a KurierConsumerCustomizer", customizers.isEmpty(), () -> {
            ConsumerConfig.Builder b = ConsumerConfig.builder();
            raw.values.forEach(b::set);
            customizers.forEach(c -> c.customize(b));
            return b.build();
        }, () -> ConsumerConfig.from(raw.values));
    }

    /** The consumer defaults alone (validated at startup even without listeners). */
    public ConsumerConfig consumerConfig(List<KurierConsumerCustomizer> customizers) {
        return consumerConfig(Map.of(), "", customizers);
    }

    private Layered consumerLayer() {
        Layered raw = commonLayer();
        KurierProperties.Consumer c = properties.getConsumer();
        String pre = "kurier.consumer.";
        if (c.getGroupId() != null && !c.getGroupId().isBlank()) {
            raw.put(ConsumerConfig.GROUP_ID.name(), c.getGroupId(), pre + "group-id");
        }
        raw.put(ConsumerConfig.AUTO_OFFSET_RESET.name(), c.getAutoOffsetReset(), pre + "auto-offset-reset");
        raw.put(ConsumerConfig.MAX_POLL_RECORDS.name(), c.getMaxPollRecords(), pre + "max-poll-records");
        raw.put(ConsumerConfig.FETCH_MIN_BYTES.name(), intBytes(c.getFetchMinBytes(), pre + "fetch-min-bytes"),
                pre + "fetch-min-bytes");
        raw.put(ConsumerConfig.FETCH_MAX_BYTES.name(), intBytes(c.getFetchMaxBytes(), pre + "fetch-max-bytes"),
                pre + "fetch-max-bytes");
        raw.put(ConsumerConfig.FETCH_MAX_WAIT_MS.name(), c.getFetchMaxWait(), pre + "fetch-max-wait");
        raw.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES.name(),
                intBytes(c.getMaxPartitionFetchBytes(), pre + "max-partition-fetch-bytes"), pre + "max-partition-fetch-bytes");
        raw.put(ConsumerConfig.ISOLATION_LEVEL.name(), c.getIsolationLevel(), pre + "isolation-level");
        raw.put(ConsumerConfig.GROUP_PROTOCOL.name(), c.getGroupProtocol(), pre + "group-protocol");
        raw.put(ConsumerConfig.CHECK_CRCS.name(), c.isCheckCrcs(), pre + "check-crcs");
        if (c.getEnableAutoCommit() != null) { // shown without a default: listener containers never use it
            raw.put(ConsumerConfig.ENABLE_AUTO_COMMIT.name(), c.getEnableAutoCommit(), pre + "enable-auto-commit");
        }
        if (c.getAutoCommitInterval() != null) {
            raw.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS.name(), c.getAutoCommitInterval(), pre + "auto-commit-interval");
        }
        raw.put(ConsumerConfig.SESSION_TIMEOUT_MS.name(), c.getSessionTimeout(), pre + "session-timeout");
        raw.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS.name(), c.getHeartbeatInterval(), pre + "heartbeat-interval");
        raw.put(ConsumerConfig.MAX_POLL_INTERVAL_MS.name(), c.getMaxPollInterval(), pre + "max-poll-interval");
        raw.put(ConsumerConfig.QUEUED_MAX_MESSAGES.name(), c.getQueuedMaxMessages(), pre + "queued-max-messages");
        raw.put(ConsumerConfig.QUEUED_MAX_BYTES.name(), bytes(c.getQueuedMaxBytes()), pre + "queued-max-bytes");
        raw.put(ConsumerConfig.NUM_CONSUMER_FETCHERS.name(), c.getNumConsumerFetchers(), pre + "num-consumer-fetchers");
        raw.put(ConsumerConfig.FETCH_SESSIONS_ENABLED.name(), c.isFetchSessionsEnabled(), pre + "fetch-sessions-enabled");
        raw.putAll(c.getProperties(), pre + "properties");
        return raw;
    }

    private Layered commonLayer() {
        Layered raw = new Layered();
        raw.put(ClientConfig.BOOTSTRAP_SERVERS.name(), bootstrapServers, "kurier.bootstrap-servers");
        if (properties.getClientId() != null && !properties.getClientId().isBlank()) {
            raw.put(ClientConfig.CLIENT_ID.name(), properties.getClientId(), "kurier.client-id");
        }
        raw.put(ClientConfig.REQUEST_TIMEOUT_MS.name(), properties.getRequestTimeout(), "kurier.request-timeout");
        raw.put(ClientConfig.METADATA_MAX_AGE_MS.name(), properties.getMetadataMaxAge(), "kurier.metadata-max-age");
        raw.put(ClientConfig.RETRY_BACKOFF_MS.name(), properties.getRetryBackoff(), "kurier.retry-backoff");
        raw.put(ClientConfig.RECONNECT_BACKOFF_MS.name(), properties.getReconnectBackoff(), "kurier.reconnect-backoff");
        raw.put(ClientConfig.RECONNECT_BACKOFF_MAX_MS.name(), properties.getReconnectBackoffMax(),
                "kurier.reconnect-backoff-max");
        raw.put(ClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS.name(), properties.getSocketConnectionSetupTimeout(),
                "kurier.socket-connection-setup-timeout");
        raw.put(ClientConfig.MAX_IN_FLIGHT.name(), properties.getMaxInFlightRequestsPerConnection(),
                "kurier.max-in-flight-requests-per-connection");
        raw.put(ClientConfig.ALLOW_AUTO_CREATE_TOPICS.name(), properties.isAllowAutoCreateTopics(),
                "kurier.allow-auto-create-topics");
        raw.put(ClientConfig.SECURITY_PROTOCOL.name(), properties.getSecurity().getProtocol(), "kurier.security.protocol");
        KurierSslProperties ssl = properties.getSsl();
        raw.put("ssl.truststore.location", ssl.getTruststoreLocation(), "kurier.ssl.truststore-location");
        raw.put("ssl.truststore.password", ssl.getTruststorePassword(), "kurier.ssl.truststore-password");
        raw.put("ssl.truststore.type", ssl.getTruststoreType(), "kurier.ssl.truststore-type");
        raw.put("ssl.truststore.certificates", ssl.getTruststoreCertificates(), "kurier.ssl.truststore-certificates");
        raw.put("ssl.keystore.location", ssl.getKeystoreLocation(), "kurier.ssl.keystore-location");
        raw.put("ssl.keystore.password", ssl.getKeystorePassword(), "kurier.ssl.keystore-password");
        raw.put("ssl.keystore.type", ssl.getKeystoreType(), "kurier.ssl.keystore-type");
        raw.put("ssl.keystore.certificate.chain", ssl.getKeystoreCertificateChain(),
                "kurier.ssl.keystore-certificate-chain");
        raw.put("ssl.keystore.key", ssl.getKeystoreKey(), "kurier.ssl.keystore-key");
        raw.put("ssl.key.password", ssl.getKeyPassword(), "kurier.ssl.key-password");
        raw.put("ssl.endpoint.identification.algorithm", ssl.getEndpointIdentificationAlgorithm(),
                "kurier.ssl.endpoint-identification-algorithm");
        raw.put("ssl.enabled.protocols", ssl.getEnabledProtocols(), "kurier.ssl.enabled-protocols");
        raw.put("ssl.reload.check.interval.ms", ssl.getReloadCheckInterval(), "kurier.ssl.reload-check-interval");
        KurierSaslProperties sasl = properties.getSasl();
        raw.put("sasl.mechanism", sasl.getMechanism(), "kurier.sasl.mechanism");
        raw.put("sasl.username", sasl.getUsername(), "kurier.sasl.username");
        raw.put("sasl.password", sasl.getPassword(), "kurier.sasl.password");
        raw.put("sasl.jaas.config", sasl.getJaasConfig(), "kurier.sasl.jaas-config");
        raw.put("sasl.oauthbearer.token", sasl.getOauthbearer().getToken(), "kurier.sasl.oauthbearer.token");
        raw.put("sasl.oauthbearer.token.provider.class", sasl.getOauthbearer().getTokenProviderClass(),
                "kurier.sasl.oauthbearer.token-provider-class");
        raw.putAll(properties.getProperties(), "kurier.properties");
        return raw;
    }

    /**
     * Builds the config. The {@code kurier.*} values alone are checked first, so an error then is the property's;
     * an error that appears only with the customizers applied is the customizer's, even on a key a property set.
     */
    private static <T> T build(Layered raw, String customizerName, boolean noCustomizers, Supplier<T> withCustomizers,
                               Supplier<T> propertiesOnly) {
        T fromProperties;
        try {
            fromProperties = propertiesOnly.get();
        } catch (ConfigException e) {
            throw translate(e, raw, customizerName);
        }
        if (noCustomizers) {
            return fromProperties;
        }
        try {
            return withCustomizers.get();
        } catch (ConfigException e) {
            throw new IllegalStateException("Kurier rejected " + e.key() + " set by " + customizerName + ": "
                    + (ConfigValues.isSecret(e.key()) ? "invalid value (not shown: secret)" : reasonOf(e)), e);
        }
    }

    /** The Spring-facing error for a value Kurier rejected. */
    static RuntimeException translate(ConfigException e, Layered raw, String customizerName) {
        String key = e.key();
        String origin = raw.origins.get(key);
        boolean secret = ConfigValues.isSecret(key);
        String reason = secret ? "the value of " + key + " is not valid (not shown: secret)" : reasonOf(e);
        if (origin == null) {
            // Not from kurier.*: a customizer set it, or the key is a typo only a customizer could introduce.
            return new IllegalStateException("Kurier rejected " + key + " set by " + customizerName + ": " + reason, e);
        }
        if (origin.startsWith("@")) {
            // A listener's own attribute, not a configuration property.
            return new IllegalStateException(origin + ": " + reason + " (Kafka key " + key + ")", e);
        }
        Object value = raw.values.get(key);
        Object shown = secret ? "[hidden]" : display(value);
        return new InvalidConfigurationPropertyValueException(origin, shown,
                reason + " (Kafka key " + key + ")", e);
    }

    private static String reasonOf(ConfigException e) {
        String prefix = e.key() + ": ";
        String m = e.getMessage();
        return m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static Object display(Object v) {
        if (v instanceof Duration d) {
            return d.toMillis() + "ms";
        }
        return v;
    }

    private static long bytes(DataSize size) {
        return size.toBytes();
    }

    private static String intBytes(DataSize size, String property) {
        long b = size.toBytes();
        if (b > Integer.MAX_VALUE || b < 0) {
            throw new InvalidConfigurationPropertyValueException(property, size,
                    "must be between 0 and " + Integer.MAX_VALUE + " bytes");
        }
        return Long.toString(b);
    }

    /** Raw Kafka keys plus the property each came from; a later layer replaces both. */
    static final class Layered {
        final Map<String, Object> values = new LinkedHashMap<>();
        final Map<String, String> origins = new LinkedHashMap<>();

        void put(String key, Object value, String origin) {
            if (value == null) {
                return;
            }
            values.put(key, value);
            origins.put(key, origin);
        }

        void putAll(Map<String, String> map, String origin) {
            map.forEach((k, v) -> put(k.trim(), v, origin + "[" + k.trim() + "]"));
        }
    }
}
