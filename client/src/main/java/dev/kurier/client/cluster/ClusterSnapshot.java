package dev.kurier.client.cluster;

import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An immutable view of the cluster as one metadata response described it: brokers, controller, topics with
 * their ids and partition leaders. A new snapshot replaces the old one atomically on every refresh.
 */
public final class ClusterSnapshot {

    /** The snapshot before any metadata has arrived. */
    public static final ClusterSnapshot EMPTY = new ClusterSnapshot(null, -1, Map.of(), Map.of(), 0L);

    private final String clusterId;
    private final int controllerId;
    private final Map<Integer, Node> nodes;
    private final Map<String, TopicInfo> topics;
    private final Map<UUID, String> namesById;
    private final Map<String, Short> topicErrors;
    private final long createdNanos;

    ClusterSnapshot(String clusterId, int controllerId, Map<Integer, Node> nodes, Map<String, TopicInfo> topics,
                    long createdNanos) {
        this(clusterId, controllerId, nodes, topics, Map.of(), createdNanos);
    }

    ClusterSnapshot(String clusterId, int controllerId, Map<Integer, Node> nodes, Map<String, TopicInfo> topics,
                    Map<String, Short> topicErrors, long createdNanos) {
        this.clusterId = clusterId;
        this.controllerId = controllerId;
        this.nodes = Map.copyOf(nodes);
        this.topics = Map.copyOf(topics);
        Map<UUID, String> ids = new HashMap<>();
        for (TopicInfo t : topics.values()) {
            ids.put(t.topicId(), t.name());
        }
        this.namesById = Map.copyOf(ids);
        this.topicErrors = Map.copyOf(topicErrors);
        this.createdNanos = createdNanos;
    }

    /** The cluster id, or {@code null} before the first response. */
    public String clusterId() {
        return clusterId;
    }

    /** The controller's broker id, -1 if unknown. */
    public int controllerId() {
        return controllerId;
    }

    /** All live brokers. */
    public Collection<Node> nodes() {
        return nodes.values();
    }

    /** The broker with this id, or {@code null}. */
    public Node node(int id) {
        return nodes.get(id);
    }

    /** The topic's metadata, or {@code null} if it was not in the response. */
    public TopicInfo topic(String name) {
        return topics.get(name);
    }

    /**
     * The error the last response gave for a requested topic that is not usable (UNKNOWN_TOPIC_OR_PARTITION,
     * LEADER_NOT_AVAILABLE, TOPIC_AUTHORIZATION_FAILED, ...), or 0.
     */
    public short topicError(String name) {
        Short e = topicErrors.get(name);
        return e == null ? 0 : e;
    }

    /** All topics in this snapshot. */
    public Collection<TopicInfo> topics() {
        return topics.values();
    }

    /** The name of the topic with this id, or {@code null}. */
    public String topicName(UUID topicId) {
        return namesById.get(topicId);
    }

    /** The partition's metadata, or {@code null} if unknown. */
    public PartitionInfo partition(TopicPartition tp) {
        TopicInfo t = topics.get(tp.topic());
        if (t == null || tp.partition() >= t.partitions().size()) {
            return null;
        }
        return t.partitions().get(tp.partition());
    }

    /** The partition's leader, or {@code null} if it has none (or is unknown). */
    public Node leader(TopicPartition tp) {
        PartitionInfo p = partition(tp);
        return p == null || p.leader() < 0 ? null : nodes.get(p.leader());
    }

    /** The partitions of {@code topic}, empty if unknown. */
    public List<PartitionInfo> partitions(String topic) {
        TopicInfo t = topics.get(topic);
        return t == null ? List.of() : t.partitions();
    }

    /** When this snapshot was made ({@link System#nanoTime()}). */
    public long createdNanos() {
        return createdNanos;
    }

    @Override
    public String toString() {
        return "ClusterSnapshot{cluster=" + clusterId + ", brokers=" + nodes.size() + ", topics=" + topics.keySet() + "}";
    }
}
