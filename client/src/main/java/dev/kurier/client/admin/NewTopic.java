package dev.kurier.client.admin;

import java.util.Map;
import java.util.Objects;

/**
 * A topic to create.
 *
 * @param name              topic name
 * @param partitions        partition count, or -1 for the broker's {@code num.partitions}
 * @param replicationFactor replication factor, or -1 for the broker's {@code default.replication.factor}
 * @param configs           topic configs ({@code cleanup.policy}, {@code retention.ms}, ...)
 */
public record NewTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {

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
    }

    /** A topic with {@code partitions} partitions and replication factor {@code rf}. */
    public static NewTopic of(String name, int partitions, int rf) {
        return new NewTopic(name, partitions, (short) rf, Map.of());
    }
}
