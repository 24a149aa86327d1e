package dev.kurier.spring.listener;

import dev.kurier.client.KurierClient;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.group.ConsumerRebalanceListener;
import dev.kurier.client.serialization.Serdes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group consumption: the consumer subscribes to the listener's topics (or its pattern, whose matches the client
 * re-lists every {@code metadata.max.age.ms}) under the listener's {@code group.id}, and the group spreads partitions
 * over all members. Offsets are committed by the container's acknowledgements only (auto-commit is off): see
 * {@link OffsetCommitter}. On revocation the container drains the partitions and their offsets are committed
 * before the rebalance goes on; lost partitions are dropped without a commit. While paused the consumer keeps
 * polling with every partition paused, so the member stays in the group.
 */
public final class GroupRecordSource extends ConsumerRecordSource {

    private static final Logger log = LoggerFactory.getLogger(GroupRecordSource.class);

    private final KurierClient client;
    private final ConsumerConfig config;
    private final ListenerEndpoint endpoint;
    private final OffsetCommitter committer;
    private final String groupId;
    private AssignmentListener listener;
    private boolean closing;

    /**
     * A source for {@code endpoint} over {@code client}'s consumers with {@code config} (which must carry a
     * {@code group.id}; auto-commit must be off), committing at most every {@code commitInterval}.
     */
    public GroupRecordSource(KurierClient client, ConsumerConfig config, ListenerEndpoint endpoint,
                             Duration commitInterval) {
        this.client = client;
        this.config = config;
        this.endpoint = endpoint;
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
        if (consumer != null) {
            consumer.close(Duration.ZERO); // left over from a failed open
        }
        consumer = client.consumer(config, Serdes.bytesDeserializer(), Serdes.bytesDeserializer());
        if (endpoint.topicPattern() != null) {
            // The client lists matching topics every metadata.max.age.ms and rejoins when they change; nothing
            // matching yet is fine, and a deleted match is dropped (no auto-creation brings it back).
            consumer.subscribe(endpoint.topicPattern(), new Rebalances());
            log.info("listener {} joins group {} for topics matching {}", endpoint.id(), groupId,
                    endpoint.topicPattern().pattern());
        } else {
            consumer.subscribe(Set.copyOf(endpoint.topics()), new Rebalances());
            log.info("listener {} joins group {} for topics {}", endpoint.id(), groupId, new TreeSet<>(endpoint.topics()));
        }
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        committer.commitIfDue(consumer);
        return consumer.poll(timeout);
    }

    @Override
    public void refreshAssignment() {
        // the group follows partition changes, and the client follows a pattern's matches itself
    }

    @Override
    public dev.kurier.client.group.GroupMetadata groupMetadata() {
        return consumer.groupMetadata();
    }

    @Override
    public void committedInTransaction(Map<TopicPartition, Long> nextOffsets) {
        committer.committedElsewhere(nextOffsets);
    }

    @Override
    public void acknowledgedBeyond(java.util.function.BiFunction<TopicPartition, Long, long[]> acked) {
        committer.acknowledgedBeyond(acked);
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
    public Map<TopicPartition, Long> committedOffsets() {
        return lastCommitted();
    }

    @Override
    public boolean pause() {
        pauses.pauseAll(consumer);
        return true;
    }

    @Override
    public void resume() {
        pauses.resumeAll(consumer);
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

    /** Runs inside poll (or close) on the poll thread, while the rebalance waits. */
    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> offsets = listener.revoked(partitions);
            pauses.forget(partitions);
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
            pauses.assigned(consumer, partitions);
            log.info("listener {} (group {}) reads {}", endpoint.id(), groupId, new TreeSet<>(partitions));
            listener.assigned(List.copyOf(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            listener.lost(partitions);
            pauses.forget(partitions);
            committer.forget(partitions);
            log.warn("listener {} lost {} (dropped out of group {}); their uncommitted records are read again by "
                    + "the new owner", endpoint.id(), new TreeSet<>(partitions), groupId);
        }
    }
}
