package dev.kurier.spring;

import dev.kurier.client.config.ConfigValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Kurier's settings under {@code kurier.*}. Names mirror Kafka's keys in kebab case ({@code linger.ms} is
 * {@code kurier.producer.linger}, a {@link Duration}); anything without a typed property goes through
 * {@code kurier.properties[<kafka.key>]} (and the producer and consumer {@code properties} maps) as a raw Kafka key.
 *
 * <p>Defaults are Kurier's own client defaults. {@link #toString()} never prints values of secret keys.
 */
@ConfigurationProperties("kurier")
public class KurierProperties {

    /**
     * Comma-separated HOST:PORT pairs used to find the cluster (Kafka's bootstrap.servers). When unset and
     * kurier-testkit is on the classpath, a development broker is started on loopback.
     */
    private List<String> bootstrapServers = new ArrayList<>(List.of("localhost:9092"));

    /** Logical client name sent with every request (client.id); generated when unset. */
    private String clientId;

    /** How long to wait for a broker's answer before failing the request (request.timeout.ms). */
    private Duration requestTimeout = Duration.ofSeconds(30);

    /** Refresh cluster metadata at least this often (metadata.max.age.ms). */
    private Duration metadataMaxAge = Duration.ofMinutes(5);

    /** Wait before retrying a failed request or metadata refresh (retry.backoff.ms). */
    private Duration retryBackoff = Duration.ofMillis(100);

    /** First wait before reconnecting to a broker (reconnect.backoff.ms). */
    private Duration reconnectBackoff = Duration.ofMillis(50);

    /** Cap of the exponential reconnect backoff (reconnect.backoff.max.ms). */
    private Duration reconnectBackoffMax = Duration.ofSeconds(1);

    /** Time limit for TCP connect plus version negotiation (socket.connection.setup.timeout.ms). */
    private Duration socketConnectionSetupTimeout = Duration.ofSeconds(10);

    /** Requests written to one connection and not yet answered (max.in.flight.requests.per.connection). */
    private int maxInFlightRequestsPerConnection = 5;

    /** Let metadata requests auto-create topics on brokers that allow it (allow.auto.create.topics). */
    private boolean allowAutoCreateTopics = true;

    /**
     * Raw Kafka keys for every client (producer, consumer, connection), e.g. {@code kurier.properties[send.buffer.bytes]}.
     * Applied after the typed properties, so they win.
     */
    private Map<String, String> properties = new LinkedHashMap<>();

    private final Security security = new Security();

    /** TLS settings (kurier.ssl.*), for security protocols SSL and SASL_SSL. */
    @org.springframework.boot.context.properties.NestedConfigurationProperty
    private final KurierSslProperties ssl = new KurierSslProperties();

    /** SASL settings (kurier.sasl.*), for security protocols SASL_PLAINTEXT and SASL_SSL. */
    @org.springframework.boot.context.properties.NestedConfigurationProperty
    private final KurierSaslProperties sasl = new KurierSaslProperties();
    private final Producer producer = new Producer();
    private final Consumer consumer = new Consumer();
    private final Listener listener = new Listener();
    private final Admin admin = new Admin();
    private final Template template = new Template();
    private final Health health = new Health();
    private final Observation observation = new Observation();
    private final DevBroker devBroker = new DevBroker();

    public List<String> getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(List<String> bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Duration getMetadataMaxAge() {
        return metadataMaxAge;
    }

    public void setMetadataMaxAge(Duration metadataMaxAge) {
        this.metadataMaxAge = metadataMaxAge;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public Duration getReconnectBackoff() {
        return reconnectBackoff;
    }

    public void setReconnectBackoff(Duration reconnectBackoff) {
        this.reconnectBackoff = reconnectBackoff;
    }

    public Duration getReconnectBackoffMax() {
        return reconnectBackoffMax;
    }

    public void setReconnectBackoffMax(Duration reconnectBackoffMax) {
        this.reconnectBackoffMax = reconnectBackoffMax;
    }

    public Duration getSocketConnectionSetupTimeout() {
        return socketConnectionSetupTimeout;
    }

    public void setSocketConnectionSetupTimeout(Duration socketConnectionSetupTimeout) {
        this.socketConnectionSetupTimeout = socketConnectionSetupTimeout;
    }

    public int getMaxInFlightRequestsPerConnection() {
        return maxInFlightRequestsPerConnection;
    }

    public void setMaxInFlightRequestsPerConnection(int maxInFlightRequestsPerConnection) {
        this.maxInFlightRequestsPerConnection = maxInFlightRequestsPerConnection;
    }

    public boolean isAllowAutoCreateTopics() {
        return allowAutoCreateTopics;
    }

    public void setAllowAutoCreateTopics(boolean allowAutoCreateTopics) {
        this.allowAutoCreateTopics = allowAutoCreateTopics;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }

    public KurierSslProperties getSsl() {
        return ssl;
    }

    public KurierSaslProperties getSasl() {
        return sasl;
    }

    public Security getSecurity() {
        return security;
    }

    public Producer getProducer() {
        return producer;
    }

    public Consumer getConsumer() {
        return consumer;
    }

    public Listener getListener() {
        return listener;
    }

    public Admin getAdmin() {
        return admin;
    }

    public Template getTemplate() {
        return template;
    }

    public Health getHealth() {
        return health;
    }

    public DevBroker getDevBroker() {
        return devBroker;
    }

    public Observation getObservation() {
        return observation;
    }

    /** The settings with secret-looking raw keys masked; safe to log. */
    @Override
    public String toString() {
        return "KurierProperties{bootstrapServers=" + bootstrapServers + ", clientId=" + clientId
                + ", securityProtocol=" + security.protocol + ", properties=" + masked(properties)
                + ", producer.properties=" + masked(producer.properties)
                + ", consumer.properties=" + masked(consumer.properties) + "}";
    }

    /** {@code map} with the values of secret-looking keys (password, secret, jaas, token, *.key) replaced. */
    static Map<String, String> masked(Map<String, String> map) {
        Map<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, ConfigValues.isSecret(k) ? "[hidden]" : v));
        return out;
    }

    /** How the client talks to brokers. */
    public static class Security {

        /** Protocol used to talk to brokers (security.protocol): PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
        private String protocol = "PLAINTEXT";

        public String getProtocol() {
            return protocol;
        }

        public void setProtocol(String protocol) {
            this.protocol = protocol;
        }

        @Override
        public String toString() {
            return "Security{protocol=" + protocol + "}";
        }
    }

    /** Producer settings (Kafka's producer keys). */
    public static class Producer {

        /** Acknowledgements the leader waits for (acks): 0, 1 or all. */
        private String acks = "all";

        /** Time a batch waits for more records before it is sent (linger.ms). */
        private Duration linger = Duration.ofMillis(5);

        /** Bytes per partition batch before it is sent without waiting for linger (batch.size). */
        private DataSize batchSize = DataSize.ofBytes(16384);

        /** Codec for record batches (compression.type): none, gzip, snappy, lz4 or zstd. */
        private String compressionType = "none";

        /** Bytes of queued records before send blocks or fails (buffer.memory). */
        private DataSize bufferMemory = DataSize.ofBytes(33554432);

        /** Largest produce request, and so the largest record (max.request.size). */
        private DataSize maxRequestSize = DataSize.ofBytes(1048576);

        /** How long send waits for topic metadata or queue space (max.block.ms). */
        private Duration maxBlock = Duration.ofSeconds(60);

        /** Retries of a failed batch, bounded by delivery-timeout (retries). */
        private int retries = Integer.MAX_VALUE;

        /** Upper bound on the time from send to acknowledgement or failure (delivery.timeout.ms). */
        private Duration deliveryTimeout = Duration.ofMinutes(2);

        /** Exactly-once per partition across retries; needs acks=all (enable.idempotence). */
        private boolean enableIdempotence = true;

        /**
         * When sending persistently outruns the brokers, wait at a short queue instead of filling buffer-memory
         * (enable.pacing, Kurier's own).
         */
        private boolean enablePacing = true;

        /** How records without a partition are placed: default, round-robin, random or hash (partitioner). */
        private String partitioner = "default";

        /**
         * Makes the template transactional: each transaction runs on a producer of a pool whose transactional.id is
         * this prefix and a number (prefix0, prefix1, ...). Unique per application instance and stable across its
         * restarts, so a restarted instance fences its own zombies.
         */
        private String transactionIdPrefix;

        /** Raw Kafka producer keys, applied after the typed producer properties. */
        private Map<String, String> properties = new LinkedHashMap<>();

        public String getTransactionIdPrefix() {
            return transactionIdPrefix;
        }

        public void setTransactionIdPrefix(String transactionIdPrefix) {
            this.transactionIdPrefix = transactionIdPrefix;
        }

        public String getAcks() {
            return acks;
        }

        public void setAcks(String acks) {
            this.acks = acks;
        }

        public Duration getLinger() {
            return linger;
        }

        public void setLinger(Duration linger) {
            this.linger = linger;
        }

        public DataSize getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(DataSize batchSize) {
            this.batchSize = batchSize;
        }

        public String getCompressionType() {
            return compressionType;
        }

        public void setCompressionType(String compressionType) {
            this.compressionType = compressionType;
        }

        public DataSize getBufferMemory() {
            return bufferMemory;
        }

        public void setBufferMemory(DataSize bufferMemory) {
            this.bufferMemory = bufferMemory;
        }

        public DataSize getMaxRequestSize() {
            return maxRequestSize;
        }

        public void setMaxRequestSize(DataSize maxRequestSize) {
            this.maxRequestSize = maxRequestSize;
        }

        public Duration getMaxBlock() {
            return maxBlock;
        }

        public void setMaxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
        }

        public int getRetries() {
            return retries;
        }

        public void setRetries(int retries) {
            this.retries = retries;
        }

        public Duration getDeliveryTimeout() {
            return deliveryTimeout;
        }

        public void setDeliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = deliveryTimeout;
        }

        public boolean isEnableIdempotence() {
            return enableIdempotence;
        }

        public void setEnableIdempotence(boolean enableIdempotence) {
            this.enableIdempotence = enableIdempotence;
        }

        public boolean isEnablePacing() {
            return enablePacing;
        }

        public void setEnablePacing(boolean enablePacing) {
            this.enablePacing = enablePacing;
        }

        public String getPartitioner() {
            return partitioner;
        }

        public void setPartitioner(String partitioner) {
            this.partitioner = partitioner;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }

        @Override
        public String toString() {
            return "Producer{acks=" + acks + ", linger=" + linger + ", properties=" + masked(properties) + "}";
        }
    }

    /** Consumer settings (Kafka's consumer keys), the defaults of every listener container. */
    public static class Consumer {

        /** Consumer group of listeners that set none (group.id). */
        private String groupId;

        /** Where to start without a committed offset: earliest, latest or none (auto.offset.reset). */
        private String autoOffsetReset = "latest";

        /** Records returned by one poll (max.poll.records). */
        private int maxPollRecords = 500;

        /** Bytes the broker waits for before answering a fetch (fetch.min.bytes). */
        private DataSize fetchMinBytes = DataSize.ofBytes(1);

        /** Bytes per fetch response (fetch.max.bytes). */
        private DataSize fetchMaxBytes = DataSize.ofBytes(52428800);

        /** Longest time the broker holds a fetch waiting for fetch-min-bytes (fetch.max.wait.ms). */
        private Duration fetchMaxWait = Duration.ofMillis(500);

        /** Bytes per partition in a fetch response (max.partition.fetch.bytes). */
        private DataSize maxPartitionFetchBytes = DataSize.ofBytes(1048576);

        /** Whether to hide records of open or aborted transactions: read_uncommitted or read_committed (isolation.level). */
        private String isolationLevel = "read_uncommitted";

        /**
         * The group protocol of group listeners: classic, or consumer (KIP-848, Kafka 4.0+: the broker assigns, no
         * stop-the-world rebalances) (group.protocol).
         */
        private String groupProtocol = "classic";

        public String getGroupProtocol() {
            return groupProtocol;
        }

        public void setGroupProtocol(String groupProtocol) {
            this.groupProtocol = groupProtocol;
        }

        /** Verify the CRC-32C of every fetched batch (check.crcs). */
        private boolean checkCrcs = true;

        /**
         * Commit positions in the background (enable.auto.commit), for consumers built from {@code KurierConfigs}
         * (unset: Kafka's default, true). {@code @KurierListener} containers never auto-commit: they commit what was
         * acknowledged, every {@code kurier.listener.commit-interval}.
         */
        private Boolean enableAutoCommit;

        /**
         * Interval of automatic commits (auto.commit.interval.ms), for consumers built from {@code KurierConfigs}
         * (unset: Kafka's default, 5s); not used by {@code @KurierListener} containers.
         */
        private Duration autoCommitInterval;

        /** Time without heartbeats after which the group drops a member (session.timeout.ms). */
        private Duration sessionTimeout = Duration.ofSeconds(45);

        /** Interval of group heartbeats (heartbeat.interval.ms). */
        private Duration heartbeatInterval = Duration.ofSeconds(3);

        /** Longest time between polls before the member leaves the group (max.poll.interval.ms). */
        private Duration maxPollInterval = Duration.ofMinutes(5);

        /** Records buffered per partition before its fetching pauses (queued.max.messages). */
        private int queuedMaxMessages = 10_000;

        /** Record-batch bytes buffered by the consumer in total before fetching pauses (queued.max.bytes). */
        private DataSize queuedMaxBytes = DataSize.ofMegabytes(64);

        /** Fetcher threads; brokers are spread over them (num.consumer.fetchers). */
        private int numConsumerFetchers = 1;

        /** Use incremental fetch sessions (KIP-227), so fetches name only what changed (fetch.sessions.enabled). */
        private boolean fetchSessionsEnabled = true;

        /** Raw Kafka consumer keys, applied after the typed consumer properties. */
        private Map<String, String> properties = new LinkedHashMap<>();

        public String getGroupId() {
            return groupId;
        }

        public void setGroupId(String groupId) {
            this.groupId = groupId;
        }

        public String getAutoOffsetReset() {
            return autoOffsetReset;
        }

        public void setAutoOffsetReset(String autoOffsetReset) {
            this.autoOffsetReset = autoOffsetReset;
        }

        public int getMaxPollRecords() {
            return maxPollRecords;
        }

        public void setMaxPollRecords(int maxPollRecords) {
            this.maxPollRecords = maxPollRecords;
        }

        public DataSize getFetchMinBytes() {
            return fetchMinBytes;
        }

        public void setFetchMinBytes(DataSize fetchMinBytes) {
            this.fetchMinBytes = fetchMinBytes;
        }

        public DataSize getFetchMaxBytes() {
            return fetchMaxBytes;
        }

        public void setFetchMaxBytes(DataSize fetchMaxBytes) {
            this.fetchMaxBytes = fetchMaxBytes;
        }

        public Duration getFetchMaxWait() {
            return fetchMaxWait;
        }

        public void setFetchMaxWait(Duration fetchMaxWait) {
            this.fetchMaxWait = fetchMaxWait;
        }

        public DataSize getMaxPartitionFetchBytes() {
            return maxPartitionFetchBytes;
        }

        public void setMaxPartitionFetchBytes(DataSize maxPartitionFetchBytes) {
            this.maxPartitionFetchBytes = maxPartitionFetchBytes;
        }

        public String getIsolationLevel() {
            return isolationLevel;
        }

        public void setIsolationLevel(String isolationLevel) {
            this.isolationLevel = isolationLevel;
        }

        public boolean isCheckCrcs() {
            return checkCrcs;
        }

        public void setCheckCrcs(boolean checkCrcs) {
            this.checkCrcs = checkCrcs;
        }

        public Boolean getEnableAutoCommit() {
            return enableAutoCommit;
        }

        public void setEnableAutoCommit(Boolean enableAutoCommit) {
            this.enableAutoCommit = enableAutoCommit;
        }

        public Duration getAutoCommitInterval() {
            return autoCommitInterval;
        }

        public void setAutoCommitInterval(Duration autoCommitInterval) {
            this.autoCommitInterval = autoCommitInterval;
        }

        public Duration getSessionTimeout() {
            return sessionTimeout;
        }

        public void setSessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
        }

        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        public Duration getMaxPollInterval() {
            return maxPollInterval;
        }

        public void setMaxPollInterval(Duration maxPollInterval) {
            this.maxPollInterval = maxPollInterval;
        }

        public DataSize getQueuedMaxBytes() {
            return queuedMaxBytes;
        }

        public void setQueuedMaxBytes(DataSize queuedMaxBytes) {
            this.queuedMaxBytes = queuedMaxBytes;
        }

        public int getNumConsumerFetchers() {
            return numConsumerFetchers;
        }

        public void setNumConsumerFetchers(int numConsumerFetchers) {
            this.numConsumerFetchers = numConsumerFetchers;
        }

        public boolean isFetchSessionsEnabled() {
            return fetchSessionsEnabled;
        }

        public void setFetchSessionsEnabled(boolean fetchSessionsEnabled) {
            this.fetchSessionsEnabled = fetchSessionsEnabled;
        }

        public int getQueuedMaxMessages() {
            return queuedMaxMessages;
        }

        public void setQueuedMaxMessages(int queuedMaxMessages) {
            this.queuedMaxMessages = queuedMaxMessages;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }

        @Override
        public String toString() {
            return "Consumer{groupId=" + groupId + ", properties=" + masked(properties) + "}";
        }
    }

    /** Defaults of every {@code @KurierListener} container. */
    public static class Listener {

        /** Worker threads per listener (a listener's concurrency attribute overrides it). */
        private int concurrency = 1;

        /** How long stopping a container may take: it stops fetching and finishes records already handed out. */
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        /** When records count as processed: AUTO after the method returns, MANUAL when it calls Acknowledgment. */
        private AckMode ackMode = AckMode.AUTO;

        /** Longest wait of one poll for new records. */
        private Duration pollTimeout = Duration.ofSeconds(1);

        /** Whether containers start with the application (a listener's autoStartup attribute overrides it). */
        private boolean autoStartup = true;

        /**
         * Records queued per worker (a batch counts its records): bounds memory. When a worker's queue is full, only
         * the partitions feeding it are held back; the others are still read.
         */
        private int queueCapacity = 1000;

        /**
         * Records handed out and not acknowledged (being processed, queued, or held by a MANUAL-mode listener that
         * has not acknowledged them) at which a container stops reading until some are acknowledged, with a WARN
         * naming the oldest unacknowledged offsets.
         */
        private int maxPendingRecords = 20_000;

        /** Run listener workers on virtual threads (Java 21 or newer); startup fails on an older JVM. */
        private boolean virtualThreads;

        /**
         * Process each poll chunk in a Kafka transaction with its offsets (what the listener sends commits with
         * them). Unset: on when kurier.producer.transaction-id-prefix is set; false turns it off.
         */
        private Boolean transactional;

        public Boolean getTransactional() {
            return transactional;
        }

        public void setTransactional(Boolean transactional) {
            this.transactional = transactional;
        }

        public boolean isVirtualThreads() {
            return virtualThreads;
        }

        public void setVirtualThreads(boolean virtualThreads) {
            this.virtualThreads = virtualThreads;
        }

        /** After how long without records a ListenerIdleEvent is published (and again every interval); unset: never. */
        private Duration idleEventInterval;

        public Duration getIdleEventInterval() {
            return idleEventInterval;
        }

        public void setIdleEventInterval(Duration idleEventInterval) {
            this.idleEventInterval = idleEventInterval;
        }

        public int getMaxPendingRecords() {
            return maxPendingRecords;
        }

        public void setMaxPendingRecords(int maxPendingRecords) {
            this.maxPendingRecords = maxPendingRecords;
        }

        /** How often a container re-reads its topics' partitions (to pick up added partitions and pattern matches). */
        private Duration assignmentRefreshInterval = Duration.ofSeconds(30);

        /** How often a container measures its lag (end offset minus next unprocessed offset); 0 turns it off. */
        private Duration lagRefreshInterval = Duration.ofSeconds(10);

        /**
         * How often a listener with a group commits what it processed (commit.interval.ms in faust): per partition
         * the offset after the highest consecutive acknowledged record. Revocations and stops commit at once.
         */
        private Duration commitInterval = Duration.ofSeconds(5);

        /**
         * How long a revocation waits for records of the revoked partitions still being processed before committing
         * and letting the rebalance go on; records not done by then are processed again by the new owner.
         */
        private Duration revokeTimeout = Duration.ofSeconds(10);

        /** What happens when a listener fails: retries, then a dead-letter topic or a log line. */
        private final ErrorHandler errorHandler = new ErrorHandler();

        /** Share-group listeners ({@code @KurierListener(shareGroup = ...)}). */
        private final Share share = new Share();

        public Share getShare() {
            return share;
        }

        public ErrorHandler getErrorHandler() {
            return errorHandler;
        }

        public Duration getCommitInterval() {
            return commitInterval;
        }

        public void setCommitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
        }

        public Duration getRevokeTimeout() {
            return revokeTimeout;
        }

        public void setRevokeTimeout(Duration revokeTimeout) {
            this.revokeTimeout = revokeTimeout;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public AckMode getAckMode() {
            return ackMode;
        }

        public void setAckMode(AckMode ackMode) {
            this.ackMode = ackMode;
        }

        public Duration getPollTimeout() {
            return pollTimeout;
        }

        public void setPollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
        }

        public boolean isAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        public int getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        public Duration getAssignmentRefreshInterval() {
            return assignmentRefreshInterval;
        }

        public void setAssignmentRefreshInterval(Duration assignmentRefreshInterval) {
            this.assignmentRefreshInterval = assignmentRefreshInterval;
        }

        public Duration getLagRefreshInterval() {
            return lagRefreshInterval;
        }

        public void setLagRefreshInterval(Duration lagRefreshInterval) {
            this.lagRefreshInterval = lagRefreshInterval;
        }
    }

    /**
     * The default error handling of listeners (used unless a listener names an error handler bean or the application
     * has a single KurierErrorHandler bean): the failing record is called again in place after a back-off, later
     * records of its partition waiting, then recovered.
     */
    public static class ErrorHandler {

        /** Calls of the listener for one record in all, the first included; 1 turns retries off. */
        private int maxAttempts = 3;

        private final BackOffSettings backOff = new BackOffSettings();

        /** What to do with a record once retries are used up: DEAD_LETTER (write to a topic) or LOG (and skip). */
        private Recoverer recoverer = Recoverer.LOG;

        /**
         * Exceptions not worth retrying (fully qualified class names; subclasses and causes match): they go to the
         * recoverer at once. Payload conversion failures never are retried.
         */
        private List<Class<? extends Throwable>> notRetryableExceptions = new ArrayList<>();

        private final DeadLetter deadLetter = new DeadLetter();

        /**
         * Name of a {@code KurierErrorHandler} bean to use instead for listeners that name none (a {@code @Primary}
         * one is used too); other handler beans apply only to the listeners naming them.
         */
        private String bean;

        public String getBean() {
            return bean;
        }

        public void setBean(String bean) {
            this.bean = bean;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public BackOffSettings getBackOff() {
            return backOff;
        }

        public Recoverer getRecoverer() {
            return recoverer;
        }

        public void setRecoverer(Recoverer recoverer) {
            this.recoverer = recoverer;
        }

        public List<Class<? extends Throwable>> getNotRetryableExceptions() {
            return notRetryableExceptions;
        }

        public void setNotRetryableExceptions(List<Class<? extends Throwable>> notRetryableExceptions) {
            this.notRetryableExceptions = notRetryableExceptions;
        }

        public DeadLetter getDeadLetter() {
            return deadLetter;
        }
    }

    /** Waits between calls of a failing listener: fixed (multiplier 1) or exponential. */
    public static class BackOffSettings {

        /** Wait after the first failed call. */
        private Duration initialInterval = Duration.ofSeconds(1);

        /** Growth of the wait after each further failed call; 1 keeps it fixed. */
        private double multiplier = 1.0;

        /** Longest wait between two calls. */
        private Duration maxInterval = Duration.ofSeconds(30);

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }
    }

    /** Where dead-lettered records go. */
    public static class DeadLetter {

        /** Suffix appended to the record's topic to name its dead-letter topic. */
        private String topicSuffix = ".DLT";

        /** One dead-letter topic for every listener instead of topic plus suffix. */
        private String topic;

        /** How long to wait for the broker to acknowledge a dead-letter write before it counts as failed. */
        private Duration sendTimeout = Duration.ofSeconds(30);

        public String getTopicSuffix() {
            return topicSuffix;
        }

        public void setTopicSuffix(String topicSuffix) {
            this.topicSuffix = topicSuffix;
        }

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public Duration getSendTimeout() {
            return sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }
    }

    /** Share-group listeners (KIP-932). */
    public static class Share {

        /**
         * Deliveries of a record whose listener call fails before it goes to the error handler's recovery (dead-letter
         * topic or log) and is rejected; before that each failure releases it for another delivery, to any worker.
         * Keep it at or below the broker's group.share.delivery.count.limit (default 5), which archives a record
         * delivered that often.
         */
        private int maxDeliveries = 5;

        /**
         * Records one worker takes at a time (its share consumer's max.poll.records, unless the listener's properties
         * set that): a worker processes its records one by one while their acquisition locks run, so small takes
         * spread the records over the workers.
         */
        private int maxPollRecords = 10;

        /**
         * Whether a listener call that runs past half the broker's acquisition lock renews its records' locks (KIP-1222,
         * Kafka 4.2 or newer), again every half lock, so the share group does not hand them to another worker while
         * they are still being processed. Off: a call longer than the lock sees its records delivered elsewhere.
         */
        private boolean renewLocks = true;

        public boolean isRenewLocks() {
            return renewLocks;
        }

        public void setRenewLocks(boolean renewLocks) {
            this.renewLocks = renewLocks;
        }

        public int getMaxPollRecords() {
            return maxPollRecords;
        }

        public void setMaxPollRecords(int maxPollRecords) {
            this.maxPollRecords = maxPollRecords;
        }

        public int getMaxDeliveries() {
            return maxDeliveries;
        }

        public void setMaxDeliveries(int maxDeliveries) {
            this.maxDeliveries = maxDeliveries;
        }
    }

    /** What happens to a record its listener gave up on. */
    public enum Recoverer {
        /** Write it to a dead-letter topic through the KurierTemplate. */
        DEAD_LETTER,
        /** Log it at ERROR and skip it. */
        LOG
    }

    /** When records count as processed. */
    public enum AckMode {
        /** After the listener method returns (or its error handler handled the failure). */
        AUTO,
        /** When the listener calls {@code Acknowledgment.acknowledge()}. */
        MANUAL
    }

    /** The admin and topics declared as {@code NewTopic} beans. */
    public static class Admin {

        /** Create the topics declared as NewTopic beans at startup when they do not exist. */
        private boolean autoCreate = true;

        /** Fail startup when the cluster cannot be reached or a declared topic cannot be created. */
        private boolean failFast = false;

        /** Time limit of admin operations run at startup. */
        private Duration operationTimeout = Duration.ofSeconds(30);

        /**
         * Set the configs declared on NewTopic beans whose values differ on existing topics at startup (configs not
         * declared are left as they are; partitions are grown whatever this says).
         */
        private boolean modifyTopicConfigs = false;

        public boolean isModifyTopicConfigs() {
            return modifyTopicConfigs;
        }

        public void setModifyTopicConfigs(boolean modifyTopicConfigs) {
            this.modifyTopicConfigs = modifyTopicConfigs;
        }

        public boolean isAutoCreate() {
            return autoCreate;
        }

        public void setAutoCreate(boolean autoCreate) {
            this.autoCreate = autoCreate;
        }

        public boolean isFailFast() {
            return failFast;
        }

        public void setFailFast(boolean failFast) {
            this.failFast = failFast;
        }

        public Duration getOperationTimeout() {
            return operationTimeout;
        }

        public void setOperationTimeout(Duration operationTimeout) {
            this.operationTimeout = operationTimeout;
        }
    }

    /** The {@code KurierTemplate}. */
    public static class Template {

        /** Topic of sendDefault(...). */
        private String defaultTopic;

        public String getDefaultTopic() {
            return defaultTopic;
        }

        public void setDefaultTopic(String defaultTopic) {
            this.defaultTopic = defaultTopic;
        }
    }

    /** The actuator health contributor "kurier". */
    public static class Health {

        /** Time limit of the cluster check (a metadata round trip). */
        private Duration timeout = Duration.ofSeconds(5);

        /** Largest lag (records behind the end, any partition of any listener) still reported UP; unset: not checked. */
        private Long maxLag;

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /**
         * A listener is DOWN when one call has run longer than this, or its lag grew while nothing was acknowledged
         * for this long.
         */
        private Duration stuckTimeout = Duration.ofMinutes(5);

        public Duration getStuckTimeout() {
            return stuckTimeout;
        }

        public void setStuckTimeout(Duration stuckTimeout) {
            this.stuckTimeout = stuckTimeout;
        }

        public Long getMaxLag() {
            return maxLag;
        }

        public void setMaxLag(Long maxLag) {
            this.maxLag = maxLag;
        }
    }

    /** Micrometer Observation (tracing) of template sends and listener calls. */
    public static class Observation {

        /**
         * Observe template sends and listener calls, carrying the trace context in record headers. Takes effect
         * only when micrometer-observation is on the classpath and the application has an ObservationRegistry bean.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The development broker started when kurier-testkit is on the classpath and no bootstrap servers are set. */
    public static class DevBroker {

        /**
         * Start a local broker (on loopback) when kurier.bootstrap-servers is unset and kurier-testkit is present.
         * Unset: only in development (not from a packaged jar, not under a test framework); true: always; false: never.
         */
        private Boolean enabled;

        /** PLAINTEXT port of the development broker; 0 picks a free port. */
        private int port = 0;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }
}
