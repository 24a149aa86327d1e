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

    /**
     * This snapshot with {@code tp} led by {@code leaderId} at {@code leaderEpoch}, and {@code endpoints} added to the
     * brokers it knows (KIP-951: a response that says "not the leader" names the new one). Null when the partition is
     * unknown here or the epoch is not newer than the one known: leadership never moves back to older information.
     */
    ClusterSnapshot withLeader(TopicPartition tp, int leaderId, int leaderEpoch, Collection<Node> endpoints) {
        TopicInfo t = topics.get(tp.topic());
        if (t == null || tp.partition() >= t.partitions().size() || leaderId < 0) {
            return null;
        }
        PartitionInfo p = t.partitions().get(tp.partition());
        if (p.leaderEpoch() >= 0 && leaderEpoch <= p.leaderEpoch()) {
            return null;
        }
        Map<Integer, Node> ns = new HashMap<>(nodes);
        for (Node n : endpoints) {
            ns.putIfAbsent(n.id(), n);
        }
        if (!ns.containsKey(leaderId)) {
            return null; // a leader we could not reach: wait for the metadata refresh
        }
        List<PartitionInfo> parts = new java.util.ArrayList<>(t.partitions());
        parts.set(tp.partition(), new PartitionInfo(tp, leaderId, leaderEpoch, p.replicas(), p.isr(), p.offline(),
                (short) 0));
        Map<String, TopicInfo> ts = new HashMap<>(topics);
        ts.put(t.name(), new TopicInfo(t.name(), t.topicId(), t.internal(), List.copyOf(parts)));
        return new ClusterSnapshot(clusterId, controllerId, ns, ts, topicErrors, createdNanos);
    }

    /**
     * This snapshot (from a metadata response) with the leaders of {@code previous} kept wherever {@code previous}
     * knows a newer leader epoch for the same topic id: a response from a broker that has not caught up yet must not
     * send producers and fetchers back to a former leader (KIP-320).
     */
    ClusterSnapshot keepingNewerLeaders(ClusterSnapshot previous) {
        Map<String, TopicInfo> ts = null;
        Map<Integer, Node> ns = null;
        for (TopicInfo t : topics.values()) {
            TopicInfo old = previous.topics.get(t.name());
            if (old == null || !old.topicId().equals(t.topicId())) {
                continue;
            }
            List<PartitionInfo> parts = null;
            for (int i = 0; i < t.partitions().size() && i < old.partitions().size(); i++) {
                PartitionInfo now = t.partitions().get(i);
                PartitionInfo was = old.partitions().get(i);
                if (was.leaderEpoch() > now.leaderEpoch() && now.leaderEpoch() >= 0 && was.hasLeader()) {
                    if (parts == null) {
                        parts = new java.util.ArrayList<>(t.partitions());
                    }
                    parts.set(i, was);
                    Node leader = previous.nodes.get(was.leader());
                    if (leader != null && !nodes.containsKey(was.leader())) {
                        if (ns == null) {
                            ns = new HashMap<>(nodes);
                        }
                        ns.put(leader.id(), leader);
                    }
                }
            }
            if (parts != null) {
                if (ts == null) {
                    ts = new HashMap<>(topics);
                }
                ts.put(t.name(), new TopicInfo(t.name(), t.topicId(), t.internal(), List.copyOf(parts)));
            }
        }
        if (ts == null) {
            return this;
        }
        return new ClusterSnapshot(clusterId, controllerId, ns == null ? nodes : ns, ts, topicErrors, createdNanos);
    }
}
