package dev.kurier.client;

import dev.kurier.client.config.ConfigException;
import dev.kurier.client.config.ConfigKey;
import dev.kurier.client.config.ConfigValues;
import dev.kurier.client.config.KnownKeys;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.security.ChannelSecurity;
import dev.kurier.client.security.SaslSettings;
import dev.kurier.client.security.SecurityKeys;
import dev.kurier.client.security.SecurityProtocol;
import dev.kurier.client.security.sasl.SaslMechanism;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Settings shared by everything a {@link KurierClient} creates: where the cluster is and how to talk to it.
 * Keys are Kafka's own ({@code bootstrap.servers}, {@code request.timeout.ms}, ...). Immutable; build with
 * {@link #builder()} or {@link #from(Map)}.
 */
public final class ClientConfig {

    private static final AtomicInteger CLIENT_SEQ = new AtomicInteger();

    /** {@code bootstrap.servers}: HOST:PORT list used to find the cluster. Required. */
    public static final ConfigKey<List<String>> BOOTSTRAP_SERVERS = ConfigKey.list("bootstrap.servers", List.of(),
            "HOST:PORT pairs used to discover the cluster");
    /** {@code client.id}: sent with every request, used in thread names and logs. */
    public static final ConfigKey<String> CLIENT_ID = ConfigKey.string("client.id", "", "logical client name");
    /** {@code request.timeout.ms}. */
    public static final ConfigKey<Duration> REQUEST_TIMEOUT_MS = ConfigKey.millis("request.timeout.ms", 30_000, 1,
            "how long to wait for a broker's answer before failing the request and dropping the connection");
    /** {@code socket.connection.setup.timeout.ms}. */
    public static final ConfigKey<Duration> SOCKET_CONNECTION_SETUP_TIMEOUT_MS = ConfigKey.millis(
            "socket.connection.setup.timeout.ms", 10_000, 1, "TCP connect plus version negotiation time limit");
    /** {@code max.in.flight.requests.per.connection}. */
    public static final ConfigKey<Integer> MAX_IN_FLIGHT = ConfigKey.integer("max.in.flight.requests.per.connection", 5,
            1, 1000, "requests written to a connection and not yet answered");
    /** {@code reconnect.backoff.ms}. */
    public static final ConfigKey<Duration> RECONNECT_BACKOFF_MS = ConfigKey.millis("reconnect.backoff.ms", 50, 0,
            "first wait before reconnecting to a broker");
    /** {@code reconnect.backoff.max.ms}. */
    public static final ConfigKey<Duration> RECONNECT_BACKOFF_MAX_MS = ConfigKey.millis("reconnect.backoff.max.ms", 1000, 0,
            "cap of the exponential reconnect backoff");
    /** {@code retry.backoff.ms}. */
    public static final ConfigKey<Duration> RETRY_BACKOFF_MS = ConfigKey.millis("retry.backoff.ms", 100, 0,
            "wait before retrying a failed request or refreshing metadata again");
    /** {@code default.api.timeout.ms}: time limit of admin operations and blocking consumer calls, retries included. */
    public static final ConfigKey<Duration> DEFAULT_API_TIMEOUT_MS = ConfigKey.millis("default.api.timeout.ms", 60_000, 0,
            "time limit of admin operations and of blocking consumer calls that take no timeout argument");
    /** {@code metadata.max.age.ms}. */
    public static final ConfigKey<Duration> METADATA_MAX_AGE_MS = ConfigKey.millis("metadata.max.age.ms", 300_000, 1,
            "refresh cluster metadata at least this often");
    /** {@code max.response.size}: the largest response frame accepted (a Kurier key). */
    public static final ConfigKey<Integer> MAX_RESPONSE_SIZE = ConfigKey.integer("max.response.size",
            100 * 1024 * 1024, 1024, Integer.MAX_VALUE, "largest response frame accepted from a broker");
    /** {@code send.buffer.bytes}. */
    public static final ConfigKey<Integer> SEND_BUFFER_BYTES = ConfigKey.integer("send.buffer.bytes", 131_072, -1,
            Integer.MAX_VALUE, "TCP send buffer, -1 for the OS default");
    /** {@code receive.buffer.bytes}. */
    public static final ConfigKey<Integer> RECEIVE_BUFFER_BYTES = ConfigKey.integer("receive.buffer.bytes", 65_536, -1,
            Integer.MAX_VALUE, "TCP receive buffer, -1 for the OS default");
    /** {@code security.protocol}: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL; see {@link SecurityKeys} for the rest. */
    public static final ConfigKey<String> SECURITY_PROTOCOL = SecurityKeys.SECURITY_PROTOCOL;
    /** {@code allow.auto.create.topics}: may metadata requests create topics on brokers that allow it. */
    public static final ConfigKey<Boolean> ALLOW_AUTO_CREATE_TOPICS = ConfigKey.bool("allow.auto.create.topics", true,
            "let metadata requests auto-create topics on brokers with auto.create.topics.enable");

    /**
     * {@code client.dns.lookup}: {@code use_all_dns_ips} (the default: a connection tries every address of a broker's
     * host name in turn, resolving it again for each new connection) or {@code resolve_canonical_bootstrap_servers_only}
     * (as well, bootstrap names are replaced by the canonical names of their addresses, for Kerberos).
     */
    public static final ConfigKey<String> CLIENT_DNS_LOOKUP = ConfigKey.choice("client.dns.lookup", "use_all_dns_ips",
            "how broker host names are resolved: every address in turn, and canonical bootstrap names if asked",
            "use_all_dns_ips", "resolve_canonical_bootstrap_servers_only");

    /** Every common key. */
    public static final List<ConfigKey<?>> KEYS = concat(List.of(BOOTSTRAP_SERVERS, CLIENT_ID, REQUEST_TIMEOUT_MS,
            SOCKET_CONNECTION_SETUP_TIMEOUT_MS, MAX_IN_FLIGHT, RECONNECT_BACKOFF_MS, RECONNECT_BACKOFF_MAX_MS,
            RETRY_BACKOFF_MS, DEFAULT_API_TIMEOUT_MS, METADATA_MAX_AGE_MS, MAX_RESPONSE_SIZE, SEND_BUFFER_BYTES, RECEIVE_BUFFER_BYTES,
            ALLOW_AUTO_CREATE_TOPICS, CLIENT_DNS_LOOKUP), SecurityKeys.KEYS);

    static {
        KnownKeys.register(KEYS);
    }

    private final ConfigValues values;
    private final List<Endpoint> bootstrap;
    private final String clientId;
    private final SaslMechanism sasl;

    private ClientConfig(ConfigValues values) {
        this.values = values;
        List<String> servers = values.get(BOOTSTRAP_SERVERS);
        if (servers.isEmpty()) {
            throw new ConfigException(BOOTSTRAP_SERVERS.name(), "is required: give at least one HOST:PORT");
        }
        try {
            this.bootstrap = servers.stream().map(Endpoint::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(BOOTSTRAP_SERVERS.name(), e.getMessage());
        }
        String id = values.get(CLIENT_ID);
        this.clientId = id == null || id.isEmpty() ? "kurier-" + CLIENT_SEQ.incrementAndGet() : id;
        if (values.get(RECONNECT_BACKOFF_MAX_MS).compareTo(values.get(RECONNECT_BACKOFF_MS)) < 0) {
            throw new ConfigException(RECONNECT_BACKOFF_MAX_MS.name(), "must be >= reconnect.backoff.ms");
        }
        // Built here so that a SASL config error surfaces with the config, naming the key; kept for the client.
        this.sasl = SecurityProtocol.parse(values.get(SECURITY_PROTOCOL)).usesSasl() ? SaslSettings.mechanism(values) : null;
    }

    private static List<ConfigKey<?>> concat(List<ConfigKey<?>> a, List<ConfigKey<?>> b) {
        List<ConfigKey<?>> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /**
     * TLS and SASL for every connection, as {@code security.protocol}, {@code ssl.*} and {@code sasl.*} say. Reads
     * the key and trust stores: call once per client.
     *
     * @throws ConfigException naming the key at fault (a missing store file, a wrong store password)
     */
    public ChannelSecurity channelSecurity() {
        return ChannelSecurity.from(values, sasl);
    }

    /**
     * Builds from raw Kafka keys. Producer and consumer keys in the same map are ignored here (a shared
     * properties file works); unknown keys are an error naming the key.
     */
    public static ClientConfig from(Map<String, ?> raw) {
        Map<String, Object> common = new LinkedHashMap<>(raw);
        return new ClientConfig(ConfigValues.parse(KEYS, KnownKeys.allExcept(KEYS), common));
    }

    /** Builds from {@link Properties}. */
    public static ClientConfig from(Properties props) {
        Map<String, Object> m = new LinkedHashMap<>();
        props.forEach((k, v) -> m.put(k.toString(), v));
        return from(m);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The parsed value of {@code key}. */
    public <T> T get(ConfigKey<T> key) {
        return values.get(key);
    }

    /** The bootstrap addresses. */
    public List<Endpoint> bootstrapEndpoints() {
        return bootstrap;
    }

    /** {@code client.id}, generated when not set. */
    public String clientId() {
        return clientId;
    }

    /** The explicitly set values. */
    public Map<String, Object> explicitValues() {
        return values.explicitValues();
    }

    @Override
    public String toString() {
        return "ClientConfig{\n" + values + "}";
    }

    /** Builder with Kafka's keys; typed setters for the common ones. */
    public static final class Builder {
        private final Map<String, Object> raw = new LinkedHashMap<>();

        private Builder() {
        }

        /** {@code bootstrap.servers}. */
        public Builder bootstrapServers(String hostPorts) {
            raw.put(BOOTSTRAP_SERVERS.name(), hostPorts);
            return this;
        }

        /** {@code client.id}. */
        public Builder clientId(String id) {
            raw.put(CLIENT_ID.name(), id);
            return this;
        }

        /** {@code request.timeout.ms}. */
        public Builder requestTimeout(Duration d) {
            raw.put(REQUEST_TIMEOUT_MS.name(), d);
            return this;
        }

        /** Any key by its Kafka name. */
        public Builder set(String key, Object value) {
            raw.put(key, value);
            return this;
        }

        /** Every entry of {@code map}. */
        public Builder setAll(Map<String, ?> map) {
            raw.putAll(map);
            return this;
        }

        /** Validates and builds. */
        public ClientConfig build() {
            return from(raw);
        }
    }
}
