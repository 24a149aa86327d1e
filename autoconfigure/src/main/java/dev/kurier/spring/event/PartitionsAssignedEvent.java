package dev.kurier.spring.event;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.spring.listener.ListenerContainer;
import java.util.Collection;
import java.util.List;

/** The container now also reads these partitions (a rebalance gave them, or a topic grew). */
public class PartitionsAssignedEvent extends KurierListenerEvent {

    private final List<TopicPartition> partitions;

    /** {@code container} was given {@code partitions}. */
    public PartitionsAssignedEvent(ListenerContainer container, Collection<TopicPartition> partitions) {
        super(container);
        this.partitions = List.copyOf(partitions);
    }

    /** The partitions added. */
    public List<TopicPartition> partitions() {
        return partitions;
    }

    @Override
    public String toString() {
        return "PartitionsAssignedEvent{" + listenerId() + ", " + partitions + "}";
    }
}
