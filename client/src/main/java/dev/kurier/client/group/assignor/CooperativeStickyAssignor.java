package dev.kurier.client.group.assignor;

import dev.kurier.client.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kafka-clients' {@code cooperative-sticky} assignor: a balanced assignment that keeps partitions where they
 * are (see {@link StickyAssignment}), for the cooperative rebalance protocol.
 *
 * <p>Cooperative rule: a partition that moves is not given to its new owner in the same rebalance. This
 * rebalance only takes it from its old owner (which revokes it and rejoins); the follow-up rebalance, in which
 * nobody claims it any more, gives it to the new owner. So no partition is ever owned by two members at once.
 *
 * <p>Wire compatibility with kafka-clients: the subscription user data is the assignor's last generation as a
 * 4-byte big-endian int (kafka-clients' {@code CooperativeStickyAssignor} user data v0), which older members use
 * in place of the subscription's own {@code generationId} (v2+). A member's generation is the subscription's
 * when it is set (not negative), else the user data's, else -1.
 */
public final class CooperativeStickyAssignor implements ConsumerPartitionAssignor {

    /** The protocol name. */
    public static final String NAME = "cooperative-sticky";

    private volatile int generation = -1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER);
    }

    @Override
    public byte[] subscriptionUserData(Set<String> topics) {
        return ByteBuffer.allocate(4).putInt(generation).array();
    }

    @Override
    public void onAssignment(Assignment assignment, int generationId) {
        this.generation = generationId;
    }

    /** The generation of the last assignment this member received, or -1. */
    public int generation() {
        return generation;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic,
                                          Map<String, Subscription> subscriptions) {
        Map<String, Integer> generations = new HashMap<>();
        Map<TopicPartition, Set<String>> claimedBy = new HashMap<>();
        for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
            generations.put(e.getKey(), generationOf(e.getValue()));
            for (TopicPartition tp : e.getValue().ownedPartitions()) {
                claimedBy.computeIfAbsent(tp, k -> new HashSet<>()).add(e.getKey());
            }
        }
        Map<String, List<TopicPartition>> sticky = StickyAssignment.assign(partitionsPerTopic, subscriptions,
                generations);
        Map<String, Assignment> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<TopicPartition>> e : sticky.entrySet()) {
            String member = e.getKey();
            // Withhold partitions another member still claims: they move in the follow-up rebalance.
            List<TopicPartition> now = e.getValue().stream()
                    .filter(tp -> {
                        Set<String> claimants = claimedBy.get(tp);
                        return claimants == null || claimants.size() == 1 && claimants.contains(member);
                    })
                    .toList();
            out.put(member, Assignment.of(now));
        }
        return out;
    }

    /** The member's generation: the subscription's when set, else the one in the user data, else -1. */
    static int generationOf(Subscription s) {
        if (s.generationId() >= 0) {
            return s.generationId();
        }
        byte[] data = s.userData();
        if (data != null && data.length >= 4) {
            return ByteBuffer.wrap(data).getInt();
        }
        return -1;
    }
}
