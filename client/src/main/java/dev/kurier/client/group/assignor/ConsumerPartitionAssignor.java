package dev.kurier.client.group.assignor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which member of a consumer group reads which partition. The group leader runs it over every
 * member's {@link Subscription}; the result goes to the members through SyncGroup.
 *
 * <p>The {@link #name()} is what goes on the wire as the JoinGroup protocol name, so an implementation that
 * uses a kafka-clients name ({@code range}, {@code roundrobin}, {@code cooperative-sticky}) must produce
 * assignments and user data that kafka-clients members understand: groups may mix both clients.
 *
 * <p>One instance serves one consumer (implementations may keep state between rebalances, as
 * {@link CooperativeStickyAssignor} keeps its generation). {@link #subscriptionUserData} and
 * {@link #onAssignment} run on the consumer's polling thread; {@link #assign} runs on the group's coordination
 * thread while this member leads a rebalance, and must not block.
 */
public interface ConsumerPartitionAssignor {

    /** The protocol name, unique within a member's list (e.g. {@code range}). */
    String name();

    /** The rebalance protocols this assignor supports; the default is eager only. */
    default List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.EAGER);
    }

    /**
     * Data to put into this member's subscription, read back by the leader's {@link #assign}; {@code null} for
     * none.
     */
    default byte[] subscriptionUserData(Set<String> topics) {
        return null;
    }

    /**
     * Assigns partitions to members.
     *
     * @param partitionsPerTopic the partition count of every topic any member subscribes to that exists
     *                           (topics missing here get no partitions)
     * @param subscriptions      each member's subscription by member id
     * @return an assignment for every member id in {@code subscriptions} (possibly empty)
     */
    Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions);

    /** Called with this member's assignment once a rebalance completes, with its generation. */
    default void onAssignment(Assignment assignment, int generationId) {
    }
}
