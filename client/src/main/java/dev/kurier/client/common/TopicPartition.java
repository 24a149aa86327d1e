package dev.kurier.client.common;

import java.util.Objects;

/** A topic name and partition number. Printed as {@code topic-partition}, as Kafka's tools print it. */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

    /** Validates the topic name and partition. */
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition + " for topic " + topic);
        }
    }

    @Override
    public int compareTo(TopicPartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
