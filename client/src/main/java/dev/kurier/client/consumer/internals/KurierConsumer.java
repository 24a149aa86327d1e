package dev.kurier.client.consumer.internals;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.CorruptRecordException;
import dev.kurier.client.consumer.OffsetAndTimestamp;
import dev.kurier.client.consumer.LogTruncationException;
import dev.kurier.client.consumer.OffsetOutOfRangeException;
import dev.kurier.client.consumer.RecordDeserializationException;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.group.ConsumerRebalanceListener;
import dev.kurier.client.group.GroupMember;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.group.OffsetCommitCallback;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.ListOffsetsTimestamps;
import dev.kurier.client.protocol.message.ListOffsetsRequest;
import dev.kurier.client.protocol.message.ListOffsetsResponse;
import dev.kurier.client.serialization.Deserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Consumer} implementation. A {@link Fetcher} fetches on its own threads, pipelined (one fetch in flight
 * per leader broker, the next sent as soon as a response is queued) with incremental fetch sessions, into bounded
 * per-partition queues ({@code queued.max.messages} records per partition, {@code queued.max.bytes} in total). poll
 * only takes from those queues, decoding lazily, {@code max.poll.records} at a time.
 *
 * <p>Every position change the fetcher did not make (seek, seekToBeginning/End, an offset reset, parking on a bad
 * record, revoke, unassign) drops what is queued for the partition and bumps its generation, so a fetch sent before
 * it can never hand out records. A paused partition keeps its queued data (handed out after resume, without a
 * refetch) but is not fetched while paused.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KurierConsumer<K, V> implements Consumer<K, V> {

    private static final Logger log = LoggerFactory.getLogger(KurierConsumer.class);

    private final ConsumerConfig config;
    private final MetadataManager metadata;
    private final NetworkClient network;
    /** Authentication failures of the client already reported by a poll (or there before this consumer). */
    private long authFailuresSeen;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final java.util.function.Consumer<Object> onClose;
    private final Duration requestTimeout;
    private final String clientId;
    private final Map<TopicPartition, PartitionState> assigned = new LinkedHashMap<>();
    /** Fetcher threads filling per-partition queues that poll takes from. */
    private final Fetcher fetcher;
    private final AtomicBoolean wakeup = new AtomicBoolean();
    private final Object signal = new Object();
    private volatile boolean closed;
    private RuntimeException pendingError;
    private final ClientConfig clientConfig;
    /** The group member, created on first use when {@code group.id} is set (commits work without subscribing). */
    private GroupMember group;
    private boolean subscribed;
    private boolean manuallyAssigned;
    /** Faust-style acknowledgements, when {@code acks.enabled}. */
    private final OffsetTracker tracker;
    /** Acknowledgements beyond the committed offsets, in and out of commit metadata; null with acks.persist=false. */
    private final PersistedAcks persisted;
    private final ConsumerMetrics metrics = new ConsumerMetrics();
    private final java.util.ArrayDeque<ConsumerRecord<K, V>> leftovers = new java.util.ArrayDeque<>();

    /** While in a group, poll looks at the group at least this often while waiting for data. */
    private static final long GROUP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Creates the consumer; nothing is fetched until partitions are assigned and poll is called. */
    public KurierConsumer(ClientConfig clientConfig, ConsumerConfig config, NetworkClient network, MetadataManager metadata,
                          Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer,
                          java.util.function.Consumer<Object> onClose) {
        this.config = config;
        this.clientConfig = clientConfig;
        this.tracker = config.get(ConsumerConfig.ACKS_ENABLED)
                ? new OffsetTracker(config.get(ConsumerConfig.COMMIT_LIVELOCK_SOFT_TIMEOUT_MS)) : null;
        this.persisted = config.get(ConsumerConfig.ACKS_PERSIST) ? new PersistedAcks() : null;
        this.metadata = metadata;
        this.network = network;
        this.authFailuresSeen = network.authenticationFailures().count();
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.onClose = onClose;
        this.requestTimeout = clientConfig.get(ClientConfig.REQUEST_TIMEOUT_MS);
        this.fetcher = new Fetcher(clientConfig, config, network, metadata, metrics);
        this.clientId = clientConfig.clientId();
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        ensureOpen();
        if (subscribed) {
            throw new IllegalStateException("consumer " + clientId + " is subscribed to " + group.subscription()
                    + ": call unsubscribe() before assign()");
        }
        manuallyAssigned = !partitions.isEmpty();
        setAssignment(partitions);
        String groupId = config.get(ConsumerConfig.GROUP_ID);
        if (manuallyAssigned && groupId != null && !groupId.isEmpty()) {
            group(); // offsets under the group (pykafka's SimpleConsumer with consumer_group): resume and auto-commit
        }
    }

    /** Makes {@code partitions} the assignment, keeping the state of partitions that stay. */
    private void setAssignment(Collection<TopicPartition> partitions) {
        Set<TopicPartition> wanted = Set.copyOf(partitions);
        assigned.entrySet().removeIf(e -> {
            if (!wanted.contains(e.getKey())) {
                release(e.getValue());
                fetcher.remove(e.getKey());
                return true;
            }
            return false;
        });
        for (TopicPartition tp : partitions) {
            assigned.computeIfAbsent(tp, this::newState);
        }
        metadata.track(partitions.stream().map(TopicPartition::topic).distinct().toList());
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.copyOf(assigned.keySet());
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        ensureOpen();
        if (!leftovers.isEmpty()) {
            // records consume() fetched but did not hand out yet come first, in order
            Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
            ConsumerRecord<K, V> r;
            while ((r = leftovers.poll()) != null) {
                out.computeIfAbsent(r.topicPartition(), tp -> new ArrayList<>()).add(r);
            }
            return new ConsumerRecords<>(out);
        }
        return pollRecords(timeout);
    }

    private ConsumerRecords<K, V> pollRecords(Duration timeout) {
        ConsumerRecords<K, V> records = pollOnce(timeout);
        if (persisted != null) {
            records = persisted.filter(records); // acknowledged before the last restart: not again
        }
        if (tracker != null) {
            // One chunk per partition per poll: acks find their record by a binary search in it.
            for (TopicPartition tp : records.partitions()) {
                tracker.chunk(tp, records.records(tp));
            }
        }
        metrics.consumed(records.count());
        Map<TopicPartition, ConsumerMetrics.PartitionStats> stats = new LinkedHashMap<>();
        Map<TopicPartition, Long> committed = group == null ? Map.of() : group.knownCommitted();
        for (PartitionState s : assigned.values()) {
            Long c = committed.get(s.partition);
            stats.put(s.partition, new ConsumerMetrics.PartitionStats(s.position, s.queue.highWatermark, s.paused,
                    c == null ? -1 : c, s.lastTimestamp));
        }
        metrics.partitions(stats);
        return records;
    }

    /** The fetcher (tests in this package). */
    Fetcher fetcher() {
        return fetcher;
    }

    /** The consumer's counters and per-partition position, high watermark and lag (any thread). */
    public ConsumerMetrics metrics() {
        return metrics;
    }

    /** Whether it reads committed records only ({@code isolation.level=read_committed}): its end is then the LSO. */
    public boolean readCommitted() {
        return "read_committed".equals(config.get(ConsumerConfig.ISOLATION_LEVEL));
    }

    private ConsumerRecords<K, V> pollOnce(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            checkWakeup();
            checkAuthentication();
            if (subscribed) {
                group.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                checkWakeup();
            } else if (group != null) {
                group.poll(Duration.ZERO); // commit callbacks and auto-commits of a group we only commit to
            }
            resolvePositions(deadline);
            long seen = fetcher.dataVersion();
            ConsumerRecords<K, V> records = drain();
            if (records.isEmpty()) {
                fetcher.checkFailure(); // records already fetched go first; then the reason no more come
            }
            if (!records.isEmpty()) {
                return records;
            }
            if (wakeup.get()) {
                continue; // wakeup() came after the version was read: do not sleep through it
            }
            // Fetcher threads fill the queues meanwhile; look at the group and at positions to resolve now and then.
            long now = System.nanoTime();
            long until = deadline;
            if (needsPositions()) {
                until = Math.min(until, now + TimeUnit.MILLISECONDS.toNanos(100));
            } else if (group != null) {
                until = Math.min(until, now + GROUP_CHECK_NANOS);
            }
            try {
                fetcher.awaitData(seen, until);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KurierException("interrupted in poll", e);
            }
        } while (System.nanoTime() < deadline);
        checkWakeup();
        return drain();
    }

    /** A failed authentication since the last poll that reported one fails this poll (the next one tries again). */
    private void checkAuthentication() {
        dev.kurier.client.errors.AuthenticationException failed = network.authenticationFailures().since(authFailuresSeen);
        if (failed != null) {
            authFailuresSeen = network.authenticationFailures().count();
            throw failed;
        }
    }

    private ConsumerRecords<K, V> drain() {
        if (pendingError != null) {
            RuntimeException e = pendingError;
            pendingError = null;
            throw e;
        }
        return drainRecords();
    }

    /** The largest list made up front for one partition's records in one poll; beyond it the list grows. */
    private static final int MAX_PRESIZED_LIST = 1024;

    /**
     * Hands out up to {@code max.poll.records} from the queues, decoding here (outside the fetcher's lock). A queue's
     * data is taken a whole fetch at a time; when it is exhausted the position moves to its end (past control batches
     * and aborted transactions) and the fetcher is told, which frees room for the next fetch.
     */
    private ConsumerRecords<K, V> drainRecords() {
        int max = config.get(ConsumerConfig.MAX_POLL_RECORDS);
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        int n = 0;
        for (PartitionState s : assigned.values()) {
            if (n >= max) {
                break;
            }
            if (s.paused) {
                continue;
            }
            List<ConsumerRecord<K, V>> list = null; // made when the first record comes
            while (n < max) {
                if (s.buffered == null) {
                    Fetcher.Taken t = fetcher.take(s.queue);
                    if (t == null) {
                        break;
                    }
                    if (t.data() == null) {
                        RuntimeException error = report(s, t);
                        if (error == null) {
                            break; // an out-of-range position is reset by the next resolvePositions
                        }
                        if (list != null) {
                            out.put(s.partition, list);
                        }
                        if (out.isEmpty()) {
                            throw error;
                        }
                        pendingError = error; // the records before it go first
                        return new ConsumerRecords<>(out);
                    }
                    s.current = t.data();
                    s.generation = t.generation();
                    s.buffered = t.data().records;
                    PartitionQueue queue = s.queue;
                    QueuedFetch held = t.data();
                    int generation = t.generation();
                    s.buffered.onDecompressed(delta -> fetcher.decompressed(queue, held, generation, delta));
                }
                ConsumerRecord<K, V> record;
                try {
                    record = s.buffered.next(keyDeserializer, valueDeserializer);
                } catch (CorruptRecordException e) {
                    // Drop what was fetched; the position stays, so the next poll fails again until a seek.
                    reposition(s);
                    if (list != null) {
                        out.put(s.partition, list);
                    }
                    if (out.isEmpty()) {
                        throw e;
                    }
                    return new ConsumerRecords<>(out);
                } catch (RecordDeserializationException e) {
                    RecordDeserializationException now = parkOnBadRecord(s, e, list, out);
                    if (now != null) {
                        throw now;
                    }
                    return new ConsumerRecords<>(out);
                } catch (RuntimeException | Error e) {
                    // Not the data (a missing codec library, exhausted memory): what was fetched is dropped and the
                    // position stays on the first record not handed out, so the next poll tries this batch again
                    // (and fails again while the cause lasts); nothing is skipped.
                    reposition(s);
                    RuntimeException error = e instanceof RuntimeException r ? r : new KurierException("decoding "
                            + s.partition + " at offset " + s.position + " failed: " + e, e);
                    if (list != null) {
                        out.put(s.partition, list);
                    }
                    if (out.isEmpty()) {
                        throw error;
                    }
                    pendingError = error; // the records before it go first
                    return new ConsumerRecords<>(out);
                }
                if (record == null) {
                    s.position = Math.max(s.position, s.current.endOffset);
                    fetcher.done(s.queue, s.current, s.generation);
                    s.buffered = null;
                    s.current = null;
                    continue;
                }
                long offset = record.offset();
                if (list == null) {
                    // Sized for what this poll may still hand out (capped), so it rarely grows record by record.
                    list = new ArrayList<>(Math.min(max - n, MAX_PRESIZED_LIST));
                }
                list.add(record);
                s.position = offset + 1;
                n++;
            }
            if (list != null) {
                out.put(s.partition, list);
                s.lastTimestamp = list.get(list.size() - 1).timestamp();
                if (s.current != null) {
                    fetcher.progress(s.queue, s.current, s.generation, s.position); // room for the next fetch
                }
            }
        }
        if (n >= max) {
            // Fairness: partitions served this time go to the back, so the next poll starts with the others.
            for (TopicPartition tp : out.keySet()) {
                assigned.put(tp, assigned.remove(tp));
            }
        }
        return out.isEmpty() ? ConsumerRecords.empty() : new ConsumerRecords<>(out);
    }

    /**
     * A report the fetcher queued behind the data: an error to raise (returned), or an out-of-range position, reset
     * here by auto.offset.reset with a WARN (then {@code null}); with {@code auto.offset.reset=none} that is an error,
     * raised on every poll until the application seeks.
     */
    private RuntimeException report(PartitionState s, Fetcher.Taken t) {
        if (t.error() != null) {
            return t.error();
        }
        String policy = config.get(ConsumerConfig.AUTO_OFFSET_RESET);
        if (t.truncatedTo() >= 0) {
            if ("none".equals(policy)) {
                return new LogTruncationException(s.partition, s.position, t.truncatedTo());
            }
            // as kafka-clients: back to the first offset that may differ, not to auto.offset.reset's end
            log.warn("{}: the log was truncated under this consumer (an unclean leader election): records from offset "
                    + "{} to {} it fetched are gone or replaced; reading again from {}", s.partition, t.truncatedTo(),
                    s.position - 1, t.truncatedTo());
            s.position = Math.min(s.position, t.truncatedTo());
            reposition(s);
            return null;
        }
        if ("none".equals(policy)) {
            return new OffsetOutOfRangeException(s.partition, "offset " + s.position + " is out of range");
        }
        log.warn("{}: offset {} is out of range; resetting to the {} offset (auto.offset.reset={})", s.partition,
                s.position, policy, policy);
        s.resetTo = "earliest".equals(policy) ? ListOffsetsTimestamps.EARLIEST_TIMESTAMP : ListOffsetsTimestamps.LATEST_TIMESTAMP;
        reposition(s);
        return null;
    }

    /**
     * Parks the partition on a record that failed to deserialize: its fetched data is dropped (re-fetched later) and
     * the position stays at the bad record, so nothing is skipped silently; every poll reports it until the
     * application seeks past it. Returns the error to throw now, or {@code null} when records decoded before it in
     * this poll are returned first (the error then comes with the next poll).
     */
    private RecordDeserializationException parkOnBadRecord(PartitionState s, RecordDeserializationException error,
                                                           List<ConsumerRecord<K, V>> list,
                                                           Map<TopicPartition, List<ConsumerRecord<K, V>>> out) {
        s.position = error.offset();
        reposition(s);
        if (list == null && out.isEmpty()) {
            return error;
        }
        if (list != null) {
            out.put(s.partition, list);
        }
        pendingError = error;
        return null;
    }

    private boolean needsPositions() {
        for (PartitionState s : assigned.values()) {
            if (s.position < 0 || s.resetTo != null) {
                return true;
            }
        }
        return false;
    }

    // ---- positions --------------------------------------------------------------------------------

    private void resolvePositions(long deadline) {
        if (group != null && !subscribed) {
            resumeFromCommitted();
        }
        Map<TopicPartition, Long> needed = new LinkedHashMap<>();
        for (PartitionState s : assigned.values()) {
            if (s.resetTo != null) {
                needed.put(s.partition, s.resetTo);
            } else if (s.position < 0) {
                String policy = config.get(ConsumerConfig.AUTO_OFFSET_RESET);
                if ("none".equals(policy)) {
                    throw new OffsetOutOfRangeException(s.partition, "no position");
                }
                needed.put(s.partition, "earliest".equals(policy) ? ListOffsetsTimestamps.EARLIEST_TIMESTAMP
                        : ListOffsetsTimestamps.LATEST_TIMESTAMP);
            }
        }
        if (needed.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndTimestamp> found = listOffsets(needed, deadline, false);
        for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : found.entrySet()) {
            PartitionState s = assigned.get(e.getKey());
            if (s != null) {
                long old = s.position;
                s.position = e.getValue().offset();
                if (s.resetTo != null && old >= 0) {
                    log.warn("{}: position reset from offset {} to {}", e.getKey(), old, s.position);
                }
                s.resetTo = null;
                reposition(s);
            }
        }
    }

    /**
     * Looks up offsets by timestamp (or -2 earliest / -1 latest) from each partition's leader. Partitions whose
     * leader is unknown or errs are retried until {@code deadline}; with {@code failIfIncomplete} the missing
     * ones are an error naming them.
     */
    Map<TopicPartition, OffsetAndTimestamp> listOffsets(Map<TopicPartition, Long> query, long deadline,
                                                        boolean failIfIncomplete) {
        Map<TopicPartition, OffsetAndTimestamp> result = new HashMap<>();
        Map<TopicPartition, Long> pending = new LinkedHashMap<>(query);
        String lastError = null;
        while (!pending.isEmpty()) {
            Map<Node, Map<String, List<ListOffsetsRequest.ListOffsetsPartition>>> byLeader = new LinkedHashMap<>();
            for (Map.Entry<TopicPartition, Long> e : pending.entrySet()) {
                Node leader = metadata.leader(e.getKey());
                if (leader == null) {
                    metadata.track(List.of(e.getKey().topic()));
                    metadata.requestUpdate();
                    continue;
                }
                byLeader.computeIfAbsent(leader, n -> new LinkedHashMap<>())
                        .computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>())
                        .add(new ListOffsetsRequest.ListOffsetsPartition(e.getKey().partition(), -1, e.getValue()));
            }
            List<CompletableFuture<ListOffsetsResponse>> futures = new ArrayList<>();
            byte isolation = (byte) ("read_committed".equals(config.get(ConsumerConfig.ISOLATION_LEVEL)) ? 1 : 0);
            for (Map.Entry<Node, Map<String, List<ListOffsetsRequest.ListOffsetsPartition>>> e : byLeader.entrySet()) {
                List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
                e.getValue().forEach((t, ps) -> topics.add(new ListOffsetsRequest.ListOffsetsTopic(t, ps)));
                futures.add(network.connection(new Endpoint(e.getKey().host(), e.getKey().port()))
                        .send(new ListOffsetsRequest(-1, isolation, topics, (int) requestTimeout.toMillis())));
            }
            for (CompletableFuture<ListOffsetsResponse> f : futures) {
                try {
                    ListOffsetsResponse r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    for (ListOffsetsResponse.ListOffsetsTopicResponse t : r.topics()) {
                        for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                            TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                            Errors err = Errors.forCode(p.errorCode());
                            if (err == Errors.NONE) {
                                result.put(tp, new OffsetAndTimestamp(p.offset(), p.timestamp()));
                                pending.remove(tp);
                            } else if (err.retriable || err.invalidatesMetadata()) {
                                lastError = tp + ": " + err.name();
                                metadata.requestUpdate();
                            } else {
                                throw err.exception("listing offsets of " + tp);
                            }
                        }
                    }
                } catch (ExecutionException e) {
                    lastError = String.valueOf(e.getCause().getMessage());
                    metadata.requestUpdate();
                } catch (TimeoutException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KurierException("interrupted while listing offsets", e);
                }
            }
            checkWakeup();
            if (pending.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            if (byLeader.isEmpty() || !pending.isEmpty()) {
                sleepQuietly(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            }
        }
        if (failIfIncomplete && !pending.isEmpty()) {
            throw new KurierException("could not list offsets of " + pending.keySet() + " within the timeout"
                    + (lastError == null ? "" : "; last error: " + lastError));
        }
        return result;
    }

    private void sleepQuietly(long ms) {
        synchronized (signal) {
            try {
                if (!wakeup.get()) {
                    signal.wait(ms);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KurierException("interrupted", e);
            }
        }
    }

    @Override
    public long position(TopicPartition partition) {
        PartitionState s = state(partition);
        if (s.position < 0 || s.resetTo != null) {
            resolvePositions(System.nanoTime() + requestTimeout.toNanos());
        }
        if (s.position < 0) {
            throw new KurierException("position of " + partition + " could not be resolved within request.timeout.ms");
        }
        return handedOut(s);
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset must be >= 0, got " + offset + " for " + partition);
        }
        PartitionState s = state(partition);
        leftovers.removeIf(r -> r.topicPartition().equals(partition));
        if (tracker != null) {
            tracker.forget(partition);
        }
        if (persisted != null) {
            persisted.forget(partition); // the application chose where to read: all of it
        }
        if (pendingError instanceof RecordDeserializationException rde && rde.partition().equals(partition)) {
            pendingError = null;
        }
        s.position = offset;
        s.resetTo = null;
        reposition(s);
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionState s = state(tp);
            leftovers.removeIf(r -> r.topicPartition().equals(tp));
            if (persisted != null) {
                persisted.forget(tp);
            }
            s.resetTo = ListOffsetsTimestamps.EARLIEST_TIMESTAMP;
            reposition(s);
        }
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionState s = state(tp);
            leftovers.removeIf(r -> r.topicPartition().equals(tp));
            if (persisted != null) {
                persisted.forget(tp);
            }
            s.resetTo = ListOffsetsTimestamps.LATEST_TIMESTAMP;
            reposition(s);
        }
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return offsetsAt(partitions, ListOffsetsTimestamps.EARLIEST_TIMESTAMP);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return offsetsAt(partitions, ListOffsetsTimestamps.LATEST_TIMESTAMP);
    }

    private Map<TopicPartition, Long> offsetsAt(Collection<TopicPartition> partitions, long timestamp) {
        ensureOpen();
        Map<TopicPartition, Long> q = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            q.put(tp, timestamp);
        }
        metadata.track(partitions.stream().map(TopicPartition::topic).distinct().toList());
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        listOffsets(q, System.nanoTime() + requestTimeout.toNanos(), true).forEach((tp, o) -> out.put(tp, o.offset()));
        return out;
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
        ensureOpen();
        for (Map.Entry<TopicPartition, Long> e : timestamps.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("timestamp " + e.getValue() + " for " + e.getKey() + " is negative");
            }
        }
        metadata.track(timestamps.keySet().stream().map(TopicPartition::topic).distinct().toList());
        Map<TopicPartition, OffsetAndTimestamp> found = listOffsets(new LinkedHashMap<>(timestamps),
                System.nanoTime() + requestTimeout.toNanos(), true);
        found.values().removeIf(o -> o.offset() < 0);
        return found;
    }

    @Override
    public void seekToTimestamp(Collection<TopicPartition> partitions, long timestamp) {
        Map<TopicPartition, Long> query = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            state(tp);
            query.put(tp, timestamp);
        }
        Map<TopicPartition, OffsetAndTimestamp> found = offsetsForTimes(query);
        List<TopicPartition> toEnd = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = found.get(tp);
            if (o == null) {
                toEnd.add(tp);
            } else {
                seek(tp, o.offset());
            }
        }
        seekToEnd(toEnd);
    }

    @Override
    public Map<TopicPartition, Long> heldOffsets() {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        for (PartitionState s : assigned.values()) {
            if (s.position >= 0 && s.resetTo == null) {
                out.put(s.partition, handedOut(s));
            }
        }
        return out;
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionState s = state(tp);
            s.paused = true;
            fetcher.paused(s.queue, true); // what is queued stays, handed out after resume
            // Records consume() holds for it go back: the position rewinds to the first of them.
            for (ConsumerRecord<K, V> r : leftovers) {
                if (r.topicPartition().equals(tp)) {
                    s.position = r.offset();
                    reposition(s);
                    break;
                }
            }
            leftovers.removeIf(r -> r.topicPartition().equals(tp));
        }
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionState s = state(tp);
            s.paused = false;
            fetcher.paused(s.queue, false);
        }
    }

    @Override
    public Set<TopicPartition> paused() {
        Set<TopicPartition> out = new java.util.LinkedHashSet<>();
        for (PartitionState s : assigned.values()) {
            if (s.paused) {
                out.add(s.partition);
            }
        }
        return out;
    }

    @Override
    public ConsumerRecord<K, V> consume(Duration timeout) {
        ensureOpen();
        if (leftovers.isEmpty()) {
            for (ConsumerRecord<K, V> r : pollRecords(timeout)) {
                leftovers.add(r);
            }
        }
        return leftovers.poll();
    }

    @Override
    public java.util.Iterator<ConsumerRecord<K, V>> iterator() {
        long quietLimitMs = config.get(ConsumerConfig.CONSUMER_TIMEOUT_MS);
        return new java.util.Iterator<>() {
            private ConsumerRecord<K, V> next;
            private long lastRecordNanos = System.nanoTime();

            @Override
            public boolean hasNext() {
                while (next == null) {
                    long waitMs = 1000;
                    if (quietLimitMs >= 0) {
                        long quietMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRecordNanos);
                        if (quietMs >= quietLimitMs) {
                            return false; // consumer.timeout.ms passed with nothing new
                        }
                        waitMs = Math.min(waitMs, quietLimitMs - quietMs);
                    }
                    next = consume(Duration.ofMillis(Math.max(1, waitMs)));
                }
                return true;
            }

            @Override
            public ConsumerRecord<K, V> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException("consumer.timeout.ms passed without a new record");
                }
                ConsumerRecord<K, V> r = next;
                next = null;
                lastRecordNanos = System.nanoTime();
                return r;
            }
        };
    }

    // ---- group ------------------------------------------------------------------------------------

    @Override
    public dev.kurier.client.group.GroupMetadata groupMetadata() {
        return group().groupMetadata();
    }

    private GroupMember group() {
        if (group == null) {
            String groupId = config.get(ConsumerConfig.GROUP_ID);
            if (groupId == null || groupId.isEmpty()) {
                throw new IllegalStateException("consumer " + clientId + " has no group.id: set group.id to subscribe or"
                        + " to commit offsets");
            }
            group = GroupMember.create(GroupConfigs.of(clientConfig, config), network, metadata);
            if (config.get(ConsumerConfig.ENABLE_AUTO_COMMIT) || tracker != null) {
                group.autoCommitFrom(this::positionsToCommit);
            }
        }
        return group;
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        ensureOpen();
        if (manuallyAssigned) {
            throw new IllegalStateException("consumer " + clientId + " has partitions assigned with assign(): call "
                    + "assign(List.of()) before subscribe()");
        }
        group().subscribe(topics, rebalanceListener(listener));
        subscribed = true;
    }

    @Override
    public void subscribe(java.util.regex.Pattern pattern, ConsumerRebalanceListener listener) {
        ensureOpen();
        if (manuallyAssigned) {
            throw new IllegalStateException("consumer " + clientId + " has partitions assigned with assign(): call "
                    + "assign(List.of()) before subscribe()");
        }
        group().subscribe(pattern, clientConfig.get(ClientConfig.METADATA_MAX_AGE_MS), rebalanceListener(listener));
        subscribed = true;
    }

    /** The application's listener, with the consumer's own bookkeeping around it. */
    private ConsumerRebalanceListener rebalanceListener(ConsumerRebalanceListener listener) {
        ConsumerRebalanceListener user = listener == null ? ConsumerRebalanceListener.NOOP : listener;
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                try {
                    if (tracker != null) {
                        drainAndCommit(partitions);
                    }
                    user.onPartitionsRevoked(partitions);
                } finally {
                    drop(partitions);
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                adopt(partitions);
                user.onPartitionsAssigned(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                try {
                    user.onPartitionsLost(partitions);
                } finally {
                    drop(partitions);
                }
            }
        };
    }

    /**
     * Before revoked partitions move: stop handing out their records, wait (up to {@code revoke.drain.timeout.ms}) for
     * the ones in flight to be acked, and commit what was acked, so the next owner starts right after it.
     */
    private void drainAndCommit(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionState s = assigned.get(tp);
            if (s != null) {
                release(s);
                fetcher.restart(s.queue, -1); // stop fetching it; its position stays for the commit
            }
            leftovers.removeIf(r -> r.topicPartition().equals(tp));
        }
        Duration timeout = config.get(ConsumerConfig.REVOKE_DRAIN_TIMEOUT_MS);
        try {
            if (!tracker.waitEmpty(partitions, timeout)) {
                log.warn("consumer {}: records of revoked partitions {} still unacked after {} ms "
                        + "(revoke.drain.timeout.ms); committing what was acked", clientId, tracker.unacked(), timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        tracker.committable().forEach((tp, offset) -> {
            if (partitions.contains(tp)) {
                offsets.put(tp, commitOf(tp, offset));
            }
        });
        if (!offsets.isEmpty()) {
            group.commitSync(offsets);
        }
    }

    /** Partitions leave: their buffered records and positions go (the group's committed offsets remain). */
    private void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            if (tracker != null) {
                tracker.forget(tp);
            }
            if (persisted != null) {
                persisted.forget(tp);
            }
            PartitionState s = assigned.remove(tp);
            if (s != null) {
                release(s);
                fetcher.remove(tp);
            }
            leftovers.removeIf(r -> r.topicPartition().equals(tp));
            if (pendingError instanceof RecordDeserializationException rde && rde.partition().equals(tp)) {
                pendingError = null;
            }
        }
    }

    /** Partitions arrive: positions start from the group's committed offsets, else auto.offset.reset. */
    private void adopt(Collection<TopicPartition> partitions) {
        List<TopicPartition> added = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (!assigned.containsKey(tp)) {
                assigned.put(tp, newState(tp));
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = group.committed(added, requestTimeout);
        for (TopicPartition tp : added) {
            OffsetAndMetadata o = committed.get(tp);
            if (o != null && o.offset() >= 0) {
                PartitionState s = assigned.get(tp);
                s.position = o.offset();
                reposition(s);
                if (persisted != null) {
                    persisted.resumed(tp, o);
                }
            }
        }
    }

    /** Assigned partitions without a position start from the group's committed offsets, when there are some. */
    private void resumeFromCommitted() {
        List<TopicPartition> unknown = new ArrayList<>();
        for (PartitionState s : assigned.values()) {
            if (s.position < 0 && s.resetTo == null && !s.committedChecked) {
                unknown.add(s.partition);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = group.committed(unknown, requestTimeout);
        for (TopicPartition tp : unknown) {
            PartitionState s = assigned.get(tp);
            s.committedChecked = true; // checked once; without a committed offset auto.offset.reset decides
            OffsetAndMetadata o = committed.get(tp);
            if (o != null && o.offset() >= 0) {
                s.position = o.offset();
                reposition(s);
                if (persisted != null) {
                    persisted.resumed(tp, o);
                }
            }
        }
    }

    /**
     * Where the application is in a partition: the first record {@code consume()} (or the iterator) fetched but did
     * not hand out yet, else the position. Commits and {@link #position} use it, so that nothing is committed past a
     * record the application never received.
     */
    private long handedOut(PartitionState s) {
        if (!leftovers.isEmpty()) {
            for (ConsumerRecord<K, V> r : leftovers) {
                if (r.topicPartition().equals(s.partition)) {
                    return r.offset();
                }
            }
        }
        return s.position;
    }

    private Map<TopicPartition, OffsetAndMetadata> positionsToCommit() {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        if (tracker != null) {
            tracker.committable().forEach((tp, offset) -> {
                if (assigned.containsKey(tp)) {
                    out.put(tp, commitOf(tp, offset));
                }
            });
            return out;
        }
        for (PartitionState s : assigned.values()) {
            if (s.position >= 0 && s.resetTo == null) {
                out.put(s.partition, commitOf(s.partition, handedOut(s)));
            }
        }
        return out;
    }

    @Override
    public void unsubscribe() {
        ensureOpen();
        if (group != null && subscribed) {
            group.unsubscribe();
        }
        subscribed = false;
        drop(List.copyOf(assigned.keySet()));
    }

    @Override
    public Set<String> subscription() {
        return group == null || !subscribed ? Set.of() : Set.copyOf(group.subscription());
    }

    @Override
    public void commitSync() {
        commitSync(positionsToCommit());
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        ensureOpen();
        group().commitSync(persisted == null ? offsets : persisted.withSkipped(offsets));
    }

    /** {@code offset} of {@code tp} to commit, its metadata naming what was acknowledged beyond it (acks.persist). */
    private OffsetAndMetadata commitOf(TopicPartition tp, long offset) {
        return persisted == null ? OffsetAndMetadata.of(offset) : persisted.commit(tp, offset, tracker);
    }

    @Override
    public void commitAsync(OffsetCommitCallback callback) {
        commitAsync(positionsToCommit(), callback);
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        ensureOpen();
        group().commitAsync(persisted == null ? offsets : persisted.withSkipped(offsets), callback);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        ensureOpen();
        return group().committed(partitions, config.get(ConsumerConfig.DEFAULT_API_TIMEOUT_MS));
    }

    @Override
    public void ack(ConsumerRecord<K, V> record) {
        if (tracker == null) {
            throw new IllegalStateException("ack() needs acks.enabled=true on consumer " + clientId);
        }
        tracker.acknowledged(record.topicPartition(), record.offset());
    }

    @Override
    public Map<TopicPartition, Integer> unacked() {
        return tracker == null ? Map.of() : tracker.unacked();
    }

    @Override
    public boolean waitEmpty(Duration timeout) {
        if (tracker == null) {
            return true;
        }
        try {
            return tracker.waitEmpty(null, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void wakeup() {
        if (group != null) {
            group.wakeup();
        }
        wakeup.set(true);
        fetcher.signalPoller();
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void checkWakeup() {
        if (wakeup.compareAndSet(true, false)) {
            throw new WakeupException();
        }
    }

    private PartitionState state(TopicPartition tp) {
        ensureOpen();
        PartitionState s = assigned.get(tp);
        if (s == null) {
            throw new IllegalStateException(tp + " is not assigned to this consumer");
        }
        return s;
    }

    private PartitionState newState(TopicPartition tp) {
        return new PartitionState(tp, fetcher.add(tp));
    }

    /** Drops the data the poller holds for {@code s}; the caller then repositions or removes its queue. */
    private static void release(PartitionState s) {
        if (s.buffered != null) {
            s.buffered.close();
            s.buffered = null;
        }
        s.current = null;
    }

    /**
     * The position of {@code s} changed under the fetcher: drop everything fetched for it and fetch from the new
     * position (or not at all until a pending reset is resolved). Fetches already in flight are ignored on return.
     */
    private void reposition(PartitionState s) {
        release(s);
        fetcher.restart(s.queue, s.resetTo == null ? s.position : -1);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("consumer " + clientId + " is closed");
        }
    }

    @Override
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        fetcher.close(timeout); // stops the threads; queued buffers are released, late responses on arrival
        for (PartitionState s : assigned.values()) {
            release(s);
        }
        if (group != null) {
            try {
                group.close(timeout); // final auto-commit and LeaveGroup
            } catch (RuntimeException e) {
                log.warn("consumer {}: leaving group {} failed: {}", clientId, config.get(ConsumerConfig.GROUP_ID),
                        e.getMessage());
            }
        }
        network.close();
        onClose.accept(this);
        log.debug("consumer {} closed", clientId);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

}
