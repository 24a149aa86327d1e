package dev.kurier.spring.event;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.spring.listener.ListenerContainer;
import java.util.Collection;
import java.util.List;

/**
 * The container gave these partitions up: revoked in a rebalance (their processed records committed first) or lost
 * ({@link #lost()}: the member dropped out of the group; nothing was committed for them).
 */
public class PartitionsRevokedEvent extends KurierListenerEvent {

    private final List<TopicPartition> partitions;
    private final boolean lost;

    /** {@code container} gave up {@code partitions}; {@code lost} when they were lost rather than revoked. */
    public PartitionsRevokedEvent(ListenerContainer container, Collection<TopicPartition> partitions, boolean lost) {
        super(container);
        this.partitions = List.copyOf(partitions);
        this.lost = lost;
    }

    /** The partitions given up. */
    public List<TopicPartition> partitions() {
        return partitions;
    }

    /** Whether they were lost (no commit) rather than revoked. */
    public boolean lost() {
        return lost;
    }

    @Override
    public String toString() {
        return "PartitionsRevokedEvent{" + listenerId() + ", " + partitions + (lost ? ", lost" : "") + "}";
    }
}
