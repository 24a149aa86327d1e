package dev.kurier.spring.listener;

import dev.kurier.client.KurierClient;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.group.ConsumerRebalanceListener;
import dev.kurier.client.serialization.Serdes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group consumption: the consumer subscribes to the listener's topics (for a pattern, the topics matching it,
 * re-read on every assignment refresh) under the listener's {@code group.id}, and the group spreads partitions
 * over all members. Offsets are committed by the container's acknowledgements only (auto-commit is off): see
 * {@link OffsetCommitter}. On revocation the container drains the partitions and their offsets are committed
 * before the rebalance goes on; lost partitions are dropped without a commit. While paused the consumer keeps
 * polling with every partition paused, so the member stays in the group.
 */
public final class GroupRecordSource implements RecordSource {

    private static final Logger log = LoggerFactory.getLogger(GroupRecordSource.class);

    private final KurierClient client;
    private final ConsumerConfig config;
    private final ListenerEndpoint endpoint;
    private final Duration metadataTimeout;
    private final OffsetCommitter committer;
    private final String groupId;
    private Consumer<byte[], byte[]> consumer;
    private AssignmentListener listener;
    private Set<String> topics = Set.of();
    private boolean paused;
    private boolean closing;

    /**
     * A source for {@code endpoint} over {@code client}'s consumers with {@code config} (which must carry a
     * {@code group.id}; auto-commit must be off), committing at most every {@code commitInterval}.
     */
    public GroupRecordSource(KurierClient client, ConsumerConfig config, ListenerEndpoint endpoint,
                             Duration metadataTimeout, Duration commitInterval) {
        this.client = client;
        this.config = config;
        this.endpoint = endpoint;
        this.metadataTimeout = metadataTimeout;
        this.groupId = config.get(ConsumerConfig.GROUP_ID);
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("listener " + endpoint.id() + ": a group source needs a group.id");
        }
        this.committer = new OffsetCommitter(endpoint.id(), commitInterval);
    }

    @Override
    public void open(Map<TopicPartition, Long> resumeFrom, AssignmentListener listener) {
        // resumeFrom is not needed: everything processed was committed when the previous run stopped.
        this.listener = listener;
        Set<String> wanted = topicsToRead();
        if (wanted.isEmpty()) {
            throw new KurierException("no topics match " + endpoint.topicPattern().pattern() + " yet");
        }
        if (consumer != null) {
            consumer.close(Duration.ZERO); // left over from a failed open
        }
        consumer = client.consumer(config, Serdes.bytesDeserializer(), Serdes.bytesDeserializer());
        consumer.subscribe(wanted, new Rebalances());
        topics = wanted;
        log.info("listener {} joins group {} for topics {}", endpoint.id(), groupId, new TreeSet<>(wanted));
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        committer.commitIfDue(consumer);
        return consumer.poll(timeout);
    }

    @Override
    public void refreshAssignment() {
        if (endpoint.topicPattern() == null) {
            return; // the group follows partition changes of subscribed topics itself
        }
        Set<String> now;
        try {
            now = topicsToRead();
        } catch (RuntimeException e) {
            log.debug("listener {}: topic refresh failed: {}", endpoint.id(), e.toString());
            return;
        }
        if (!now.isEmpty() && !now.equals(topics)) {
            consumer.subscribe(now, new Rebalances());
            topics = now;
            log.info("listener {} now subscribes to {}", endpoint.id(), new TreeSet<>(now));
        }
    }

    @Override
    public Set<TopicPartition> assignment() {
        return consumer == null ? Set.of() : consumer.assignment();
    }

    @Override
    public void commit(Map<TopicPartition, Long> nextOffsets) {
        committer.offer(nextOffsets, consumer.assignment());
        committer.commitIfDue(consumer);
    }

    /** The offsets last committed, per partition still owned. */
    public Map<TopicPartition, Long> lastCommitted() {
        return committer.committed();
    }

    @Override
    public Map<TopicPartition, Long> endOffsets() {
        return consumer == null ? Map.of() : consumer.endOffsets(consumer.assignment());
    }

    @Override
    public long position(TopicPartition partition) {
        return consumer.position(partition);
    }

    @Override
    public boolean pause() {
        paused = true;
        consumer.pause(consumer.assignment());
        return true;
    }

    @Override
    public void resume() {
        paused = false;
        consumer.resume(consumer.assignment());
    }

    @Override
    public void wakeup() {
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void close(Duration timeout) {
        if (consumer == null) {
            return;
        }
        try {
            committer.commitPending(consumer);
        } finally {
            closing = true; // the revocation inside close must not commit on a closed consumer
            consumer.close(timeout);
            consumer = null;
        }
    }

    @Override
    public String mode() {
        return "group";
    }

    private Set<String> topicsToRead() {
        if (endpoint.topicPattern() == null) {
            return Set.copyOf(endpoint.topics());
        }
        try {
            Set<String> out = new TreeSet<>();
            for (TopicInfo t : client.metadata().describeAll()
                    .get(metadataTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS).topics()) {
                if (!t.internal() && endpoint.topicPattern().matcher(t.name()).matches()) {
                    out.add(t.name());
                }
            }
            return out;
        } catch (ExecutionException e) {
            throw new KurierException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KurierException("no metadata within " + metadataTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KurierException("interrupted", e);
        }
    }

    /** Runs inside poll (or close) on the poll thread, while the rebalance waits. */
    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> offsets = listener.revoked(partitions);
            if (closing) {
                committer.forget(partitions); // committed just before closing
            } else {
                committer.commitAndForget(consumer, offsets);
                committer.forget(partitions);
            }
            log.info("listener {} (group {}) gives up {}; committed {}", endpoint.id(), groupId,
                    new TreeSet<>(partitions), offsets);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            if (paused) {
                consumer.pause(partitions);
            }
            log.info("listener {} (group {}) reads {}", endpoint.id(), groupId, new TreeSet<>(partitions));
            listener.assigned(List.copyOf(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            listener.lost(partitions);
            committer.forget(partitions);
            log.warn("listener {} lost {} (dropped out of group {}); their uncommitted records are read again by "
                    + "the new owner", endpoint.id(), new TreeSet<>(partitions), groupId);
        }
    }
}
