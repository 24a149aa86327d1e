package dev.kurier.client.admin;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A topic to create.
 *
 * @param name              topic name
 * @param partitions        partition count, or -1 for the broker's {@code num.partitions}
 * @param replicationFactor replication factor, or -1 for the broker's {@code default.replication.factor}
 * @param configs           topic configs ({@code cleanup.policy}, {@code retention.ms}, ...)
 * @param replicaAssignments the brokers of each partition, preferred leader first, instead of a partition count and
 *     replication factor (empty: the broker places the replicas)
 */
public record NewTopic(String name, int partitions, short replicationFactor, Map<String, String> configs,
                       Map<Integer, List<Integer>> replicaAssignments) {

    /** Validates the name and counts. */
    public NewTopic {
        Objects.requireNonNull(name, "topic name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("topic name is empty");
        }
        if (partitions == 0 || partitions < -1) {
            throw new IllegalArgumentException("partitions must be > 0 (or -1 for the broker default), got " + partitions);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new IllegalArgumentException("replication factor must be > 0 (or -1 for the broker default), got "
                    + replicationFactor);
        }
        configs = configs == null ? Map.of() : Map.copyOf(configs);
        replicaAssignments = replicaAssignments == null ? Map.of() : Map.copyOf(replicaAssignments);
        for (Map.Entry<Integer, List<Integer>> e : replicaAssignments.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("topic '" + name + "': partition " + e.getKey()
                        + " is assigned no broker");
            }
        }
    }

    /** A topic placed by the broker: a partition count and replication factor (-1 for the broker's defaults). */
    public NewTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        this(name, partitions, replicationFactor, configs, Map.of());
    }

    /** A topic with each partition's replicas given: partition index to broker ids, preferred leader first. */
    public static NewTopic withAssignments(String name, Map<Integer, List<Integer>> replicaAssignments,
                                           Map<String, String> configs) {
        if (replicaAssignments == null || replicaAssignments.isEmpty()) {
            throw new IllegalArgumentException("topic '" + name + "': no replica assignment given");
        }
        return new NewTopic(name, replicaAssignments.size(),
                (short) replicaAssignments.values().iterator().next().size(), configs, replicaAssignments);
    }

    /** A topic with {@code partitions} partitions and replication factor {@code rf}. */
    public static NewTopic of(String name, int partitions, int rf) {
        return new NewTopic(name, partitions, (short) rf, Map.of());
    }
}
