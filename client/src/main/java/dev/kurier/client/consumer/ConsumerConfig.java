package dev.kurier.client.consumer;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.config.ConfigKey;
import dev.kurier.client.config.KnownKeys;
import dev.kurier.client.config.TypedConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumer settings under Kafka's key names. Immutable; build with {@link #builder()} or {@link #from(Map)}.
 */
public final class ConsumerConfig extends TypedConfig {

    /** {@code group.id}: the consumer group (offsets and, with subscribe, membership). */
    public static final ConfigKey<String> GROUP_ID = ConfigKey.string("group.id", null, "consumer group id");
    /** {@code auto.offset.reset}: earliest, latest or none. */
    public static final ConfigKey<String> AUTO_OFFSET_RESET = ConfigKey.choice("auto.offset.reset", "latest",
            "where to start without a committed offset, or after an out-of-range offset", "earliest", "latest", "none");
    /** {@code fetch.min.bytes}. */
    public static final ConfigKey<Integer> FETCH_MIN_BYTES = ConfigKey.integer("fetch.min.bytes", 1, 0, Integer.MAX_VALUE,
            "bytes the broker waits for before answering a fetch");
    /** {@code fetch.max.wait.ms}. */
    public static final ConfigKey<Duration> FETCH_MAX_WAIT_MS = ConfigKey.millis("fetch.max.wait.ms", 500, 0,
            "longest time the broker holds a fetch waiting for fetch.min.bytes");
    /** {@code fetch.max.bytes}. */
    public static final ConfigKey<Integer> FETCH_MAX_BYTES = ConfigKey.integer("fetch.max.bytes", 52_428_800, 0,
            Integer.MAX_VALUE, "bytes per fetch response");
    /** {@code max.partition.fetch.bytes}. */
    public static final ConfigKey<Integer> MAX_PARTITION_FETCH_BYTES = ConfigKey.integer("max.partition.fetch.bytes",
            1_048_576, 0, Integer.MAX_VALUE, "bytes per partition in a fetch response");
    /** {@code max.poll.records}. */
    public static final ConfigKey<Integer> MAX_POLL_RECORDS = ConfigKey.integer("max.poll.records", 500, 1,
            Integer.MAX_VALUE, "records returned by one poll");
    /** {@code check.crcs}. */
    public static final ConfigKey<Boolean> CHECK_CRCS = ConfigKey.bool("check.crcs", true,
            "verify the CRC-32C of every fetched batch");
    /**
     * {@code max.decompressed.batch.bytes}: the most one compressed batch may decompress to. A few KiB of gzip or zstd
     * can claim gigabytes; a batch past this fails poll naming the key, the topic-partition and the offset (Kurier's
     * own key; kafka-clients has no bound).
     */
    public static final ConfigKey<Integer> MAX_DECOMPRESSED_BATCH_BYTES = ConfigKey.integer(
            "max.decompressed.batch.bytes", 256 * 1024 * 1024, 1024 * 1024, Integer.MAX_VALUE - 64,
            "the most one compressed batch may decompress to; a larger one fails poll naming its offset");
    /**
     * {@code share.acknowledgement.mode} (share consumers, KIP-932): {@code implicit}, every record a poll returned is
     * accepted by the next poll, commit or close; {@code explicit}, only what the application acknowledges.
     */
    public static final ConfigKey<String> SHARE_ACKNOWLEDGEMENT_MODE = ConfigKey.choice("share.acknowledgement.mode",
            "implicit", "share consumers: implicit (accept what poll returned) or explicit (acknowledge each record)",
            "implicit", "explicit");
    /**
     * {@code share.acquire.mode} (share consumers, KIP-1206; Kafka 4.2+): {@code batch_optimized}, the broker may
     * hand out more than {@code max.poll.records} to keep whole batches; {@code record_limit}, never more, so a slow
     * consumer holds no more locks than it can work through.
     */
    public static final ConfigKey<String> SHARE_ACQUIRE_MODE = ConfigKey.choice("share.acquire.mode",
            "batch_optimized", "share consumers: batch_optimized (whole batches) or record_limit (at most"
                    + " max.poll.records acquired per poll)", "batch_optimized", "record_limit");
    /** {@code isolation.level}. */
    public static final ConfigKey<String> ISOLATION_LEVEL = ConfigKey.choice("isolation.level", "read_uncommitted",
            "whether to hide records of open or aborted transactions", "read_uncommitted", "read_committed");
    /** {@code enable.auto.commit}. */
    public static final ConfigKey<Boolean> ENABLE_AUTO_COMMIT = ConfigKey.bool("enable.auto.commit", true,
            "commit positions in the background every auto.commit.interval.ms");
    /** {@code auto.commit.interval.ms}. */
    public static final ConfigKey<Duration> AUTO_COMMIT_INTERVAL_MS = ConfigKey.millis("auto.commit.interval.ms", 5000, 1,
            "interval of automatic commits");
    /** {@code session.timeout.ms}. */
    public static final ConfigKey<Duration> SESSION_TIMEOUT_MS = ConfigKey.millis("session.timeout.ms", 45_000, 1,
            "time without heartbeats after which the group drops a member");
    /** {@code heartbeat.interval.ms}. */
    public static final ConfigKey<Duration> HEARTBEAT_INTERVAL_MS = ConfigKey.millis("heartbeat.interval.ms", 3000, 1,
            "interval of group heartbeats");
    /** {@code max.poll.interval.ms}. */
    public static final ConfigKey<Duration> MAX_POLL_INTERVAL_MS = ConfigKey.millis("max.poll.interval.ms", 300_000, 1,
            "longest time between polls before the member leaves the group");
    /**
     * {@code queued.max.messages}: records buffered per partition before its fetching pauses (pykafka). Counted from
     * batch headers; a fetch keeps whole batches, so a partition holds fewer than this plus one batch. The default is
     * 10000, not pykafka's 2000: at most about this many records of a partition arrive per round trip, and 2000 small
     * records (200 KB at 100 bytes) halved bulk throughput; {@code queued.max.bytes} bounds the memory.
     */
    public static final ConfigKey<Integer> QUEUED_MAX_MESSAGES = ConfigKey.integer("queued.max.messages", 10_000, 1,
            Integer.MAX_VALUE, "records buffered per partition before its fetching pauses");
    /**
     * {@code queued.max.bytes} (Kurier): record-batch bytes the consumer buffers in total, over all partitions, before
     * fetching pauses. A fetch asks for at most the room left, but the broker always returns at least one batch, and
     * each broker may have one fetch in flight, so the total can exceed this by up to one response per broker.
     */
    public static final ConfigKey<Long> QUEUED_MAX_BYTES = ConfigKey.longKey("queued.max.bytes", 64L * 1024 * 1024, 1,
            Long.MAX_VALUE, "record bytes buffered by the consumer in total (fetched, and decompressed while a compressed batch is handed"
                    + " out) before fetching pauses");
    /**
     * {@code fetch.sessions.enabled} (Kurier): use incremental fetch sessions (KIP-227), so that fetches name only the
     * partitions whose fetch state changed. Off: every fetch is a full, sessionless one (epoch -1).
     */
    public static final ConfigKey<Boolean> FETCH_SESSIONS_ENABLED = ConfigKey.bool("fetch.sessions.enabled", true,
            "use incremental fetch sessions (KIP-227)");
    /** {@code num.consumer.fetchers}: fetcher threads (pykafka's num_consumer_fetchers). */
    public static final ConfigKey<Integer> NUM_CONSUMER_FETCHERS = ConfigKey.integer("num.consumer.fetchers", 1, 1, 64,
            "fetcher threads");
    /** {@code consumer.timeout.ms}: iteration ends after this long without records; -1 never. */
    public static final ConfigKey<Long> CONSUMER_TIMEOUT_MS = ConfigKey.longKey("consumer.timeout.ms", -1, -1,
            Long.MAX_VALUE, "iteration ends after this long with nothing new; -1 never");

    /** {@code group.instance.id}: a static member id (KIP-345); the member keeps its partitions across restarts. */
    /**
     * {@code client.rack} (KIP-392): the consumer's rack. Brokers with a rack-aware {@code replica.selector.class}
     * then name a replica in that rack to fetch from (nearer, cheaper across zones); the assignors see it too.
     */
    public static final ConfigKey<String> CLIENT_RACK = ConfigKey.string("client.rack", "",
            "the consumer's rack: fetch from a replica in it when the brokers allow (KIP-392)");
    /** {@code group.instance.id}. */
    public static final ConfigKey<String> GROUP_INSTANCE_ID = ConfigKey.string("group.instance.id", null,
            "static group member id: restarts within session.timeout.ms cause no rebalance; unset for a dynamic member");
    /**
     * {@code group.protocol}: {@code classic} (JoinGroup/SyncGroup, assignors in the client) or {@code consumer} (KIP-848:
     * ConsumerGroupHeartbeat, assignment by the broker, no stop-the-world rebalances; Kafka 4.0 or newer).
     */
    public static final ConfigKey<String> GROUP_PROTOCOL = ConfigKey.choice("group.protocol", "classic",
            "the group protocol: classic, or consumer (KIP-848, Kafka 4.0+)", "classic", "consumer");
    /** {@code group.remote.assignor}: the broker's assignor for {@code group.protocol=consumer}; unset: the broker's default. */
    public static final ConfigKey<String> GROUP_REMOTE_ASSIGNOR = ConfigKey.string("group.remote.assignor", null,
            "the assignor the broker runs for group.protocol=consumer (uniform, range); unset: the broker's default");
    /** {@code partition.assignment.strategy}: assignors in order of preference (kafka-clients 4.x default). */
    public static final ConfigKey<List<String>> PARTITION_ASSIGNMENT_STRATEGY = ConfigKey.list(
            "partition.assignment.strategy", List.of("range", "cooperative-sticky"),
            "assignors in order of preference: range, roundrobin, cooperative-sticky, or a ConsumerPartitionAssignor class");
    /** {@code offsets.commit.max.retries}: retries of a commit or offset fetch (pykafka's offsets_commit_max_retries). */
    public static final ConfigKey<Integer> OFFSETS_COMMIT_MAX_RETRIES = ConfigKey.integer("offsets.commit.max.retries", 5,
            0, Integer.MAX_VALUE, "retries of an offset commit or fetch after a retriable error");
    /** {@code offsets.retry.backoff.ms}: wait between those retries (pykafka's offsets_channel_backoff_ms). */
    public static final ConfigKey<Duration> OFFSETS_RETRY_BACKOFF_MS = ConfigKey.millis("offsets.retry.backoff.ms", 1000, 0,
            "wait before retrying an offset commit or fetch");
    /** {@code default.api.timeout.ms}: time limit of blocking calls given no timeout (commitSync, committed). */
    public static final ConfigKey<Duration> DEFAULT_API_TIMEOUT_MS = ClientConfig.DEFAULT_API_TIMEOUT_MS;

    /**
     * {@code acks.enabled} (faust's acks_enabled): commits advance only to the highest consecutive record the application
     * acknowledged with {@link Consumer#ack}, instead of to the position.
     */
    public static final ConfigKey<Boolean> ACKS_ENABLED = ConfigKey.bool("acks.enabled", false,
            "commit only up to the highest consecutive acknowledged record");
    /** {@code commit.interval.ms}: how often acknowledged offsets are committed when acks are enabled. */
    public static final ConfigKey<Duration> COMMIT_INTERVAL_MS = ConfigKey.millis("commit.interval.ms", 2800, 1,
            "interval of commits of acknowledged offsets (acks.enabled)");
    /** {@code commit.livelock.soft.timeout.ms}: warn when acks pile up behind one unacked record this long. */
    public static final ConfigKey<Duration> COMMIT_LIVELOCK_SOFT_TIMEOUT_MS = ConfigKey.millis(
            "commit.livelock.soft.timeout.ms", 300_000, 1, "warn when acks wait behind one unacked record this long");
    /** {@code revoke.drain.timeout.ms}: on revoke, how long to wait for the revoked partitions' records to be acked. */
    public static final ConfigKey<Duration> REVOKE_DRAIN_TIMEOUT_MS = ConfigKey.millis("revoke.drain.timeout.ms", 30_000, 0,
            "on revoke, wait this long for in-flight records of revoked partitions before committing (acks.enabled)");

    /**
     * {@code acks.persist} (Kurier): a commit's metadata names the records acknowledged beyond the committed offset
     * (which cannot pass a record still being processed), and a consumer resuming from such a commit skips them, so
     * they are not processed again after a restart or a rebalance (as Confluent's Parallel Consumer does).
     */
    public static final ConfigKey<Boolean> ACKS_PERSIST = ConfigKey.bool("acks.persist", true,
            "keep acknowledgements beyond the committed offset in the commit metadata, and skip them on resuming");

    /** Every consumer key. */
    public static final List<ConfigKey<?>> KEYS = List.of(GROUP_ID, AUTO_OFFSET_RESET, FETCH_MIN_BYTES, FETCH_MAX_WAIT_MS,
            FETCH_MAX_BYTES, MAX_PARTITION_FETCH_BYTES, MAX_POLL_RECORDS, CHECK_CRCS, ISOLATION_LEVEL, ENABLE_AUTO_COMMIT,
            AUTO_COMMIT_INTERVAL_MS, SESSION_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS, MAX_POLL_INTERVAL_MS, QUEUED_MAX_MESSAGES,
            NUM_CONSUMER_FETCHERS, QUEUED_MAX_BYTES, FETCH_SESSIONS_ENABLED, CONSUMER_TIMEOUT_MS, GROUP_INSTANCE_ID, CLIENT_RACK, MAX_DECOMPRESSED_BATCH_BYTES, SHARE_ACKNOWLEDGEMENT_MODE, SHARE_ACQUIRE_MODE, GROUP_PROTOCOL, GROUP_REMOTE_ASSIGNOR, PARTITION_ASSIGNMENT_STRATEGY,
            OFFSETS_COMMIT_MAX_RETRIES, OFFSETS_RETRY_BACKOFF_MS, DEFAULT_API_TIMEOUT_MS, ACKS_ENABLED,
            COMMIT_INTERVAL_MS, COMMIT_LIVELOCK_SOFT_TIMEOUT_MS, REVOKE_DRAIN_TIMEOUT_MS, ACKS_PERSIST);

    static {
        KnownKeys.register(KEYS);
    }

    private ConsumerConfig(Map<String, ?> raw) {
        super(KEYS, raw);
    }

    /** Parses raw Kafka keys; keys of other client types are ignored, unknown ones rejected. */
    public static ConsumerConfig from(Map<String, ?> raw) {
        return new ConsumerConfig(raw);
    }

    /** The defaults. */
    public static ConsumerConfig defaults() {
        return new ConsumerConfig(Map.of());
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder with typed setters for common keys and {@link #set} for any. */
    public static final class Builder {
        private final Map<String, Object> raw = new LinkedHashMap<>();

        private Builder() {
        }

        /** {@code group.id}. */
        public Builder groupId(String id) {
            raw.put(GROUP_ID.name(), id);
            return this;
        }

        /** {@code auto.offset.reset}. */
        public Builder autoOffsetReset(String policy) {
            raw.put(AUTO_OFFSET_RESET.name(), policy);
            return this;
        }

        /** Any key by its Kafka name. */
        public Builder set(String key, Object value) {
            raw.put(key, value);
            return this;
        }

        /** Validates and builds. */
        public ConsumerConfig build() {
            return from(raw);
        }
    }
}
