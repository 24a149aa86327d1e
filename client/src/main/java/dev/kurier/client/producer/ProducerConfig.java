package dev.kurier.client.producer;

import dev.kurier.client.config.ConfigException;
import dev.kurier.client.config.ConfigKey;
import dev.kurier.client.config.KnownKeys;
import dev.kurier.client.config.TypedConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Producer settings under Kafka's key names. Immutable; build with {@link #builder()} or {@link #from(Map)}.
 * Connection settings ({@code bootstrap.servers}, ...) belong to {@link dev.kurier.client.ClientConfig}.
 */
public final class ProducerConfig extends TypedConfig {

    /** {@code acks}: 0, 1 or all (-1). */
    public static final ConfigKey<String> ACKS = ConfigKey.choice("acks", "all",
            "acknowledgements the leader waits for: 0 none, 1 leader only, all every in-sync replica", "0", "1", "all", "-1");
    /** {@code linger.ms}: how long a batch may wait for more records. */
    public static final ConfigKey<Duration> LINGER_MS = ConfigKey.millis("linger.ms", 5, 0,
            "time a batch waits for more records before it is sent");
    /** {@code batch.size}: the target size of one partition's batch in bytes. */
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batch.size", 16_384, 0, Integer.MAX_VALUE,
            "bytes per partition batch before it is sent without waiting for linger.ms");
    /** {@code max.request.size}: the largest produce request, and so the largest record. */
    public static final ConfigKey<Integer> MAX_REQUEST_SIZE = ConfigKey.integer("max.request.size", 1_048_576, 1,
            Integer.MAX_VALUE, "largest produce request (and record) in bytes");
    /** {@code buffer.memory}: bytes of records waiting to be sent before send blocks or fails. */
    public static final ConfigKey<Long> BUFFER_MEMORY = ConfigKey.longKey("buffer.memory", 33_554_432L, 0, Long.MAX_VALUE,
            "bytes of queued records before send blocks (max.block.ms) or fails");
    /**
     * {@code queue.buffering.max.messages} (librdkafka's key; pykafka's max_queued_messages): records waiting to be
     * acknowledged before send blocks or fails, alongside the byte bound of {@code buffer.memory}.
     */
    public static final ConfigKey<Integer> QUEUE_BUFFERING_MAX_MESSAGES = ConfigKey.integer("queue.buffering.max.messages",
            Integer.MAX_VALUE, 1, Integer.MAX_VALUE, "records queued before send blocks (max.block.ms) or fails");
    /** {@code max.block.ms}: how long send may wait for metadata or buffer space. */
    public static final ConfigKey<Duration> MAX_BLOCK_MS = ConfigKey.millis("max.block.ms", 60_000, 0,
            "how long send waits for topic metadata or queue space");
    /** {@code retries}. */
    public static final ConfigKey<Integer> RETRIES = ConfigKey.integer("retries", Integer.MAX_VALUE, 0, Integer.MAX_VALUE,
            "retries of a failed batch, bounded by delivery.timeout.ms");
    /** {@code delivery.timeout.ms}: upper bound from send to success or failure. */
    public static final ConfigKey<Duration> DELIVERY_TIMEOUT_MS = ConfigKey.millis("delivery.timeout.ms", 120_000, 1,
            "upper bound on the time from send to acknowledgement or failure");
    /** {@code compression.type}. */
    public static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.choice("compression.type", "none",
            "codec for record batches", "none", "gzip", "snappy", "lz4", "zstd");
    /** {@code enable.idempotence}. */
    public static final ConfigKey<Boolean> ENABLE_IDEMPOTENCE = ConfigKey.bool("enable.idempotence", true,
            "exactly-once per partition on retries (needs acks=all)");
    /**
     * {@code enable.pacing} (Kurier's own): when the producer persistently sends faster than the brokers take records,
     * {@code send} waits at a short queue (about one {@code max.request.size} per broker) instead of filling
     * {@code buffer.memory}, whose every record would then wait behind all the others. Bursts, broker stalls and
     * producers the brokers keep up with are not paced.
     */
    public static final ConfigKey<Boolean> ENABLE_PACING = ConfigKey.bool("enable.pacing", true,
            "when send persistently outruns the brokers, wait at a short queue instead of filling buffer.memory");
    /** {@code partitioner.class} short names: default, round-robin, random, hash. */
    public static final ConfigKey<String> PARTITIONER = ConfigKey.choice("partitioner", "default",
            "how records without an explicit partition are placed", "default", "round-robin", "random", "hash");

    /**
     * {@code transactional.id}: makes the producer transactional (see {@link Producer#initTransactions()}). One id per
     * producer instance that must survive restarts: a new producer with the same id fences the old one.
     */
    public static final ConfigKey<String> TRANSACTIONAL_ID = ConfigKey.string("transactional.id", null,
            "the id of a transactional producer; a new producer with the same id fences the old one");
    /** {@code transaction.timeout.ms}: the coordinator aborts a transaction left open longer than this. */
    public static final ConfigKey<Duration> TRANSACTION_TIMEOUT_MS = ConfigKey.millis("transaction.timeout.ms", 60_000, 1,
            "the coordinator aborts a transaction open longer than this (at most the broker's transaction.max.timeout.ms)");

    /** Every producer key. */
    public static final List<ConfigKey<?>> KEYS = List.of(ACKS, LINGER_MS, BATCH_SIZE, MAX_REQUEST_SIZE, BUFFER_MEMORY,
            QUEUE_BUFFERING_MAX_MESSAGES, MAX_BLOCK_MS, RETRIES, DELIVERY_TIMEOUT_MS, COMPRESSION_TYPE, ENABLE_IDEMPOTENCE, ENABLE_PACING,
            PARTITIONER, TRANSACTIONAL_ID, TRANSACTION_TIMEOUT_MS);

    static {
        KnownKeys.register(KEYS);
    }

    /** The keys as given, so that a copy can differ in one key (see {@link #withTransactionalId}). */
    private final Map<String, Object> raw;

    private ProducerConfig(Map<String, ?> raw) {
        super(KEYS, raw);
        this.raw = new LinkedHashMap<>(raw);
    }

    /**
     * This config with {@code transactional.id} set to {@code id}: a pool of transactional producers (one id per
     * producer, the Spring starter's {@code transaction-id-prefix}) derives each producer's config from one.
     */
    public ProducerConfig withTransactionalId(String id) {
        Map<String, Object> copy = new LinkedHashMap<>(raw);
        copy.put(TRANSACTIONAL_ID.name(), id);
        return new ProducerConfig(copy);
    }

    /** Parses raw Kafka keys; keys of other client types are ignored, unknown ones rejected. */
    public static ProducerConfig from(Map<String, ?> raw) {
        return new ProducerConfig(raw);
    }

    /** The defaults. */
    public static ProducerConfig defaults() {
        return new ProducerConfig(Map.of());
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The {@code transactional.id}, or null for a producer without transactions. */
    public String transactionalId() {
        String id = get(TRANSACTIONAL_ID);
        return id == null || id.isEmpty() ? null : id;
    }

    /** {@code acks} as the int16 sent on the wire: 0, 1 or -1. */
    public short acks() {
        String a = get(ACKS);
        return switch (a) {
            case "0" -> 0;
            case "1" -> 1;
            default -> -1;
        };
    }

    /** Builder with typed setters for common keys and {@link #set} for any. */
    public static final class Builder {
        private final Map<String, Object> raw = new LinkedHashMap<>();

        private Builder() {
        }

        /** {@code acks}. */
        public Builder acks(String acks) {
            raw.put(ACKS.name(), acks);
            return this;
        }

        /** {@code linger.ms}. */
        public Builder linger(Duration d) {
            raw.put(LINGER_MS.name(), d);
            return this;
        }

        /** {@code batch.size}. */
        public Builder batchSize(int bytes) {
            raw.put(BATCH_SIZE.name(), bytes);
            return this;
        }

        /** {@code compression.type}. */
        public Builder compression(String type) {
            raw.put(COMPRESSION_TYPE.name(), type);
            return this;
        }

        /** {@code transactional.id}: makes the producer transactional. */
        public Builder transactionalId(String id) {
            raw.put(TRANSACTIONAL_ID.name(), id);
            return this;
        }

        /** Any key by its Kafka name. */
        public Builder set(String key, Object value) {
            raw.put(key, value);
            return this;
        }

        /** Validates and builds. */
        public ProducerConfig build() {
            ProducerConfig c = from(raw);
            if (c.get(ENABLE_IDEMPOTENCE) && c.isSet(ACKS) && c.acks() != -1 && c.isSet(ENABLE_IDEMPOTENCE)) {
                throw new ConfigException(ENABLE_IDEMPOTENCE.name(), "needs acks=all, but acks=" + c.get(ACKS));
            }
            return c;
        }
    }
}
