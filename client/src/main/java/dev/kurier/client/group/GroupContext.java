package dev.kurier.client.group;

import dev.kurier.client.cluster.CoordinatorLocator;

import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.group.assignor.ConsumerPartitionAssignor;
import dev.kurier.client.group.assignor.RebalanceProtocol;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the parts of a group member share: its config, membership state, coordinator, the group thread that
 * runs join rounds, heartbeats and retries, the cluster metadata and the assignors.
 *
 * @param executor  the single group thread; everything scheduled on it must not block
 * @param protocol  the rebalance protocol this member follows
 */
record GroupContext(GroupConfig config, Membership membership, CoordinatorLocator locator,
        ScheduledExecutorService executor, MetadataManager metadata, List<ConsumerPartitionAssignor> assignors,
        RebalanceProtocol protocol) {

    /** The assignor with protocol name {@code name}, or {@code null}. */
    ConsumerPartitionAssignor assignor(String name) {
        for (ConsumerPartitionAssignor a : assignors) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
