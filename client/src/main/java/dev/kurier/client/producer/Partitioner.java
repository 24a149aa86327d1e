package dev.kurier.client.producer;

/**
 * Chooses the partition of a record that names none. Must be thread-safe and fast: it runs inside
 * {@link Producer#send}.
 */
@FunctionalInterface
public interface Partitioner {

    /**
     * The partition, in {@code [0, numPartitions)}, for a record of {@code topic}.
     *
     * @param keyBytes the serialized key, or {@code null}
     */
    int partition(String topic, byte[] keyBytes, int numPartitions);

    /** Called when a batch for {@code topic} was closed, so sticky partitioners can move on. */
    default void onNewBatch(String topic, int previousPartition) {
    }
}
