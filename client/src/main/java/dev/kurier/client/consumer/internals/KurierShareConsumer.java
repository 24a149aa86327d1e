package dev.kurier.client.consumer.internals;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.AcknowledgeType;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.ShareConsumer;
import dev.kurier.client.consumer.ShareConsumerMetrics;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.group.ShareGroupMember;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.serialization.Deserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kurier's {@link ShareConsumer} (KIP-932): membership by {@link ShareGroupMember}; a {@link ShareFetcher} thread
 * talks to the leaders (one share session each), fetching while {@link #poll} waits and sending acknowledgements
 * other threads make as they come; {@link #poll} hands out the records whose locks still run and registers them in
 * {@link ShareAcknowledgements}, where any thread acknowledges them.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KurierShareConsumer<K, V> implements ShareConsumer<K, V> {

    private static final Logger log = LoggerFactory.getLogger(KurierShareConsumer.class);

    private final String clientId;
    private final String groupId;
    private final NetworkClient network;
    private final MetadataManager metadata;
    private final ShareGroupMember member;
    private final boolean explicit;
    private final Duration defaultApiTimeout;
    private final java.util.function.Consumer<Object> onClose;
    private final AtomicBoolean wakeup = new AtomicBoolean();
    private final ShareConsumerMetrics metrics = new ShareConsumerMetrics();
    /** The records held and the acknowledgements not sent yet; any thread may acknowledge. */
    private final ShareAcknowledgements acks;
    private final ShareFetcher<K, V> fetcher;

    private Set<String> subscription = Set.of();
    private volatile boolean closed;

    /** A share consumer of {@code group.id} over {@code network} (a dedicated part of the client's). */
    public KurierShareConsumer(ClientConfig clientConfig, ConsumerConfig config, NetworkClient network,
                               MetadataManager metadata, Deserializer<K> keyDeserializer,
                               Deserializer<V> valueDeserializer, java.util.function.Consumer<Object> onClose) {
        this.groupId = config.get(ConsumerConfig.GROUP_ID);
        if (groupId == null || groupId.isEmpty()) {
            throw new dev.kurier.client.config.ConfigException("group.id", "is required for a share consumer: it names"
                    + " the share group");
        }
        this.clientId = clientConfig.clientId();
        this.network = network;
        this.metadata = metadata;
        this.onClose = onClose;
        this.explicit = "explicit".equals(config.get(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE));
        this.defaultApiTimeout = config.get(ConsumerConfig.DEFAULT_API_TIMEOUT_MS);
        Duration requestTimeout = clientConfig.get(ClientConfig.REQUEST_TIMEOUT_MS);
        String rack = config.get(ConsumerConfig.CLIENT_RACK);
        this.member = new ShareGroupMember(groupId, clientId, rack == null || rack.isEmpty() ? null : rack,
                requestTimeout, clientConfig.get(ClientConfig.RETRY_BACKOFF_MS),
                config.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS), network, metadata);
        boolean recordLimit = "record_limit".equals(config.get(ConsumerConfig.SHARE_ACQUIRE_MODE));
        ShareFetcher.Settings settings = new ShareFetcher.Settings(clientId, groupId, recordLimit,
                config.get(ConsumerConfig.CHECK_CRCS), config.get(ConsumerConfig.MAX_DECOMPRESSED_BATCH_BYTES),
                (int) config.get(ConsumerConfig.FETCH_MAX_WAIT_MS).toMillis(), config.get(ConsumerConfig.FETCH_MAX_BYTES),
                config.get(ConsumerConfig.MAX_POLL_RECORDS), clientConfig.get(ClientConfig.RETRY_BACKOFF_MS).toNanos(),
                requestTimeout);
        this.fetcher = new ShareFetcher<>(settings, network, metadata, member, metrics, keyDeserializer,
                valueDeserializer);
        this.acks = fetcher.acknowledgements();
        fetcher.start();
        log.info("share consumer {} created for group {} ({} acknowledgement, {})", clientId, groupId,
                explicit ? "explicit" : "implicit", recordLimit ? "record_limit" : "batch_optimized");
    }

    @Override
    public void subscribe(java.util.Collection<String> topics) {
        ensureOpen();
        subscription = Set.copyOf(new LinkedHashSet<>(topics));
        metadata.track(subscription);
        member.subscribe(List.copyOf(subscription));
    }

    @Override
    public Set<String> subscription() {
        return subscription;
    }

    @Override
    public void unsubscribe() {
        ensureOpen();
        commitSync();
        member.leave(defaultApiTimeout);
        subscription = Set.of();
        fetcher.reset();
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        ensureOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        acks.nextPoll(!explicit, System.nanoTime());
        member.throwIfFatal();
        while (true) {
            checkWakeup();
            List<ShareFetcher.Fetched<K, V>> round;
            try {
                round = fetcher.take(deadline, wakeup::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KurierException("interrupted in poll", e);
            }
            Map<TopicPartition, List<ConsumerRecord<K, V>>> out = handOut(round);
            if (!out.isEmpty()) {
                return new ConsumerRecords<>(out);
            }
            if (System.nanoTime() - deadline >= 0) {
                checkWakeup();
                return ConsumerRecords.empty();
            }
        }
    }

    /**
     * The records of a fetched round whose locks still run, now held by this consumer; the others went back to the
     * broker while they waited (counted as lock expiries).
     */
    private Map<TopicPartition, List<ConsumerRecord<K, V>>> handOut(List<ShareFetcher.Fetched<K, V>> round) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        long now = System.nanoTime();
        long expired = 0;
        for (ShareFetcher.Fetched<K, V> f : round) {
            ConsumerRecord<K, V> r = f.record();
            if (f.lockDeadlineNanos() - now < 0) {
                expired++;
                continue;
            }
            acks.delivered(r.topicPartition(), r.offset(), f.deliveryCount(), f.lockDeadlineNanos());
            out.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>()).add(r);
        }
        if (expired > 0) {
            metrics.lockExpired(expired);
        }
        return out;
    }

    @Override
    public void acknowledge(ConsumerRecord<K, V> record, AcknowledgeType type) {
        ensureOpen();
        if (type == AcknowledgeType.RENEW && !explicit) {
            throw new IllegalStateException("share consumer " + clientId + ": RENEW needs"
                    + " share.acknowledgement.mode=explicit (implicit mode accepts every record at the next poll)");
        }
        acks.acknowledge(record.topicPartition(), record.offset(), type, clientId);
    }

    @Override
    public int deliveryCount(ConsumerRecord<K, V> record) {
        int n = acks.deliveryCount(record.topicPartition(), record.offset());
        if (n < 0) {
            throw new IllegalStateException("share consumer " + clientId + ": " + record.topicPartition() + "@"
                    + record.offset() + " was not delivered by the last poll");
        }
        return n;
    }

    @Override
    public Map<TopicPartition, Exception> commitSync() {
        return commitSync(defaultApiTimeout);
    }

    @Override
    public Map<TopicPartition, Exception> commitSync(Duration timeout) {
        ensureOpen();
        acks.nextPoll(!explicit, System.nanoTime());
        return fetcher.commit(timeout, false);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Exception>> commitAsync() {
        ensureOpen();
        acks.nextPoll(!explicit, System.nanoTime());
        return fetcher.commitAsync(defaultApiTimeout, false);
    }

    @Override
    public ShareConsumerMetrics metrics() {
        return metrics;
    }

    @Override
    public int acquisitionLockTimeoutMs() {
        return fetcher.lockTimeoutMs();
    }

    @Override
    public void wakeup() {
        wakeup.set(true);
        fetcher.signal();
    }

    private void checkWakeup() {
        if (wakeup.getAndSet(false)) {
            throw new WakeupException();
        }
    }

    @Override
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            acks.nextPoll(!explicit, System.nanoTime());
            try {
                Map<TopicPartition, Exception> failed = fetcher.commit(timeout, true);
                if (!failed.isEmpty()) {
                    log.warn("share consumer {}: acknowledgements at close failed for {}", clientId, failed.keySet());
                }
            } catch (RuntimeException e) {
                log.warn("share consumer {}: acknowledgements at close failed: {}", clientId, e.toString());
            }
            fetcher.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            member.leave(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } finally {
            closed = true;
            fetcher.stop(Duration.ZERO);
            member.close();
            network.close();
            onClose.accept(this);
            log.info("share consumer {} of group {} closed", clientId, groupId);
        }
    }

    @Override
    public void close() {
        close(defaultApiTimeout);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("share consumer " + clientId + " is closed");
        }
    }
}
