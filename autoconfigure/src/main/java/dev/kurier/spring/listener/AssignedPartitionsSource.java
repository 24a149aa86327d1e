package dev.kurier.spring.listener;

import dev.kurier.client.KurierClient;
import dev.kurier.client.cluster.ClusterSnapshot;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.serialization.Serdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SimpleConsumer mode: one consumer assigned every partition of the listener's topics (or the listed
 * partitions, or every topic matching the pattern). Partitions added later are picked up by
 * {@link #refreshAssignment()}. Without a committer there is no group and nothing is committed (the container
 * resumes from its own offsets after a restart); with one (a listener with a group and explicit partitions) the
 * partitions start from the group's committed offsets and processed offsets are committed under the group,
 * without joining it.
 */
public final class AssignedPartitionsSource extends ConsumerRecordSource {

    private static final Logger log = LoggerFactory.getLogger(AssignedPartitionsSource.class);

    private final KurierClient client;
    private final OffsetCommitter committer;
    private final ConsumerConfig config;
    private final ListenerEndpoint endpoint;
    private final Duration metadataTimeout;
    private AssignmentListener listener;
    private volatile Map<TopicPartition, Long> lastCommitted = Map.of();

    /**
     * A source for {@code endpoint} reading through a consumer of {@code client} (made at {@link #open}); metadata
     * waits are bounded by {@code metadataTimeout}. Nothing is committed.
     */
    public AssignedPartitionsSource(KurierClient client, ConsumerConfig config, ListenerEndpoint endpoint,
                                    Duration metadataTimeout) {
        this(client, config, endpoint, metadataTimeout, null);
    }

    /**
     * As {@link #AssignedPartitionsSource(KurierClient, ConsumerConfig, ListenerEndpoint, Duration)}, committing
     * to {@code config}'s {@code group.id} at most every {@code commitInterval} when that is not {@code null}.
     */
    public AssignedPartitionsSource(KurierClient client, ConsumerConfig config, ListenerEndpoint endpoint,
                                    Duration metadataTimeout, Duration commitInterval) {
        this.client = client;
        this.config = config;
        this.endpoint = endpoint;
        this.metadataTimeout = metadataTimeout;
        this.committer = commitInterval == null ? null : new OffsetCommitter(endpoint.id(), commitInterval);
    }

    @Override
    public void open(Map<TopicPartition, Long> resumeFrom, AssignmentListener listener) {
        this.listener = listener;
        Set<TopicPartition> wanted = partitionsToRead();
        if (wanted.isEmpty()) {
            throw new KurierException("no partitions to read yet for " + describeTopics());
        }
        if (consumer != null) {
            consumer.close(Duration.ZERO); // left over from a failed open
        }
        consumer = client.consumer(config, Serdes.bytesDeserializer(), Serdes.bytesDeserializer());
        consumer.assign(wanted);
        Map<TopicPartition, Long> startAt = new HashMap<>(resumeFrom);
        if (committer != null) {
            consumer.committed(wanted).forEach((tp, o) -> startAt.put(tp, o.offset()));
        }
        if (!endpoint.initialOffsets().isEmpty()) {
            // @KurierPartitionOffset: applied at every start, over committed and resume offsets
            Map<TopicPartition, Long> ends = null;
            for (Map.Entry<TopicPartition, Long> e : endpoint.initialOffsets().entrySet()) {
                if (!wanted.contains(e.getKey())) {
                    continue;
                }
                long initial = e.getValue();
                if (initial < 0) {
                    if (ends == null) {
                        ends = consumer.endOffsets(endpoint.initialOffsets().keySet());
                    }
                    initial = Math.max(0, ends.getOrDefault(e.getKey(), 0L) + initial);
                }
                startAt.put(e.getKey(), initial);
            }
        }
        for (TopicPartition tp : wanted) {
            Long next = startAt.get(tp);
            if (next != null && next >= 0) {
                consumer.seek(tp, next);
            }
        }
        log.info("listener {} reads {} (assigned partitions{})", endpoint.id(), new TreeSet<>(wanted),
                committer == null ? "" : "; offsets committed to group " + config.get(ConsumerConfig.GROUP_ID));
        listener.assigned(wanted);
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        if (committer != null) {
            committer.commitIfDue(consumer);
        }
        return consumer.poll(timeout);
    }

    @Override
    public void refreshAssignment() {
        Set<TopicPartition> now;
        try {
            now = partitionsToRead();
        } catch (RuntimeException e) {
            log.debug("listener {}: partition refresh failed: {}", endpoint.id(), e.toString());
            return;
        }
        Set<TopicPartition> current = consumer.assignment();
        List<TopicPartition> added = new ArrayList<>();
        for (TopicPartition tp : now) {
            if (!current.contains(tp)) {
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        Set<TopicPartition> all = new LinkedHashSet<>(current);
        all.addAll(added);
        consumer.assign(all);
        pauses.assigned(consumer, added);
        // New partitions start at their beginning: their records were all written after we started reading the topic.
        consumer.seekToBeginning(added);
        log.info("listener {} now also reads {}", endpoint.id(), new TreeSet<>(added));
        listener.assigned(added);
    }

    @Override
    public void acknowledgedBeyond(java.util.function.BiFunction<TopicPartition, Long, long[]> acked) {
        if (committer != null) {
            committer.acknowledgedBeyond(acked);
        }
    }

    @Override
    public void commit(Map<TopicPartition, Long> nextOffsets) {
        // Without a group there is nowhere to commit: the container resumes from its own tracker after a restart.
        lastCommitted = Map.copyOf(nextOffsets);
        if (committer != null) {
            committer.offer(nextOffsets, consumer.assignment());
            committer.commitIfDue(consumer);
        }
    }

    /** The offsets last passed to {@link #commit}. */
    public Map<TopicPartition, Long> lastCommitted() {
        return lastCommitted;
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets() {
        return committer == null ? Map.of() : committer.committed(); // without a group nothing is committed
    }

    @Override
    public void close(Duration timeout) {
        if (consumer != null) {
            try {
                if (committer != null) {
                    committer.commitPending(consumer);
                }
            } finally {
                consumer.close(timeout);
                consumer = null;
            }
        }
    }

    @Override
    public String mode() {
        return "assigned";
    }

    private String describeTopics() {
        return endpoint.topicPattern() != null ? "topics matching " + endpoint.topicPattern().pattern()
                : "topics " + endpoint.topics();
    }

    private Set<TopicPartition> partitionsToRead() {
        Map<String, Integer> counts = new HashMap<>();
        if (endpoint.topicPattern() != null) {
            ClusterSnapshot all = await(client.metadata().describeAll());
            for (TopicInfo t : all.topics()) {
                if (!t.internal() && endpoint.topicPattern().matcher(t.name()).matches()) {
                    counts.put(t.name(), t.partitionCount());
                }
            }
        } else {
            List<String> missing = new ArrayList<>();
            for (String topic : endpoint.topics()) {
                try {
                    counts.put(topic, await(client.metadata().awaitTopic(topic, metadataTimeout)).partitionCount());
                } catch (KurierException e) {
                    missing.add(topic + " (" + e.getMessage() + ")");
                }
            }
            if (!missing.isEmpty() && counts.isEmpty()) {
                throw new KurierException("topics not available: " + String.join(", ", missing));
            }
            if (!missing.isEmpty()) {
                log.warn("listener {}: {} not available yet; reading the others", endpoint.id(), missing);
            }
        }
        Set<TopicPartition> out = new LinkedHashSet<>();
        for (String topic : counts.keySet().stream().sorted().toList()) {
            int n = counts.get(topic);
            if (!endpoint.topicPartitions().isEmpty()) {
                for (TopicPartition tp : endpoint.topicPartitions()) {
                    if (tp.topic().equals(topic) && tp.partition() < n) {
                        out.add(tp);
                    } else if (tp.topic().equals(topic)) {
                        log.warn("listener {}: topic {} has {} partitions, partition {} does not exist (yet)",
                                endpoint.id(), topic, n, tp.partition());
                    }
                }
            } else if (endpoint.partitions().isEmpty()) {
                for (int p = 0; p < n; p++) {
                    out.add(new TopicPartition(topic, p));
                }
            } else {
                for (int p : endpoint.partitions()) {
                    if (p < n) {
                        out.add(new TopicPartition(topic, p));
                    } else {
                        log.warn("listener {}: topic {} has {} partitions, partition {} does not exist (yet)",
                                endpoint.id(), topic, n, p);
                    }
                }
            }
        }
        return out;
    }

    private <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(metadataTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof KurierException ke ? ke : new KurierException(String.valueOf(c.getMessage()), c);
        } catch (TimeoutException e) {
            throw new KurierException("no metadata within " + metadataTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KurierException("interrupted", e);
        }
    }
}
