package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;

import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.client.consumer.Ordering;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a listener container reads and how: resolved from a {@code @KurierListener} (placeholders and SpEL
 * evaluated, defaults from {@code kurier.listener.*} applied) or built in code.
 *
 * @param id                 container id
 * @param topics             topics to read (empty when {@code topicPattern} is set)
 * @param topicPattern       topics to read by regular expression, or {@code null}
 * @param partitions         partitions to read of each topic; empty means all
 * @param groupId            consumer group, or {@code null}
 * @param concurrency        worker threads, at least 1
 * @param ordering           which records may run in parallel
 * @param batch              whether the handler takes a poll's records as a list
 * @param ackMode            when records count as processed
 * @param autoStartup        whether the container starts with the application
 * @param consumerProperties raw Kafka consumer keys for this listener
 * @param topicPartitions    exact partitions to read (their topics are {@code topics}); empty: by {@code partitions}
 * @param initialOffsets     where some of {@code topicPartitions} start at every start; negative: from the end
 */
public record ListenerEndpoint(String id, List<String> topics, Pattern topicPattern, List<Integer> partitions,
                               String groupId, int concurrency, Ordering ordering, boolean batch, AckMode ackMode,
                               boolean autoStartup, Map<String, String> consumerProperties,
                               List<TopicPartition> topicPartitions, Map<TopicPartition, Long> initialOffsets) {

    /** An endpoint reading whole topics (or {@code partitions} of each). */
    public ListenerEndpoint(String id, List<String> topics, Pattern topicPattern, List<Integer> partitions,
                            String groupId, int concurrency, Ordering ordering, boolean batch, AckMode ackMode,
                            boolean autoStartup, Map<String, String> consumerProperties) {
        this(id, topics, topicPattern, partitions, groupId, concurrency, ordering, batch, ackMode, autoStartup,
                consumerProperties, List.of(), Map.of());
    }

    /** Validates: an id, topics or a pattern (not both), concurrency of at least 1. */
    public ListenerEndpoint {
        Objects.requireNonNull(id, "id");
        topics = topics == null ? List.of() : List.copyOf(topics);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        consumerProperties = consumerProperties == null ? Map.of() : Map.copyOf(consumerProperties);
        topicPartitions = topicPartitions == null ? List.of() : List.copyOf(topicPartitions);
        initialOffsets = initialOffsets == null ? Map.of() : Map.copyOf(initialOffsets);
        for (TopicPartition tp : initialOffsets.keySet()) {
            if (!topicPartitions.contains(tp)) {
                throw new IllegalArgumentException("listener " + id + ": initial offset for " + tp
                        + " which is not one of its topicPartitions");
            }
        }
        Objects.requireNonNull(ordering, "ordering");
        Objects.requireNonNull(ackMode, "ackMode");
        if (topics.isEmpty() == (topicPattern == null)) {
            throw new IllegalArgumentException("listener " + id + " needs either topics or a topicPattern (exactly one)");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("listener " + id + ": concurrency must be at least 1, got " + concurrency);
        }
        for (Integer p : partitions) {
            if (p == null || p < 0) {
                throw new IllegalArgumentException("listener " + id + ": partition " + p + " is negative");
            }
        }
    }

    /** A listener of {@code topics} with one worker, partition ordering, AUTO acks, auto-startup. */
    public static ListenerEndpoint of(String id, String... topics) {
        return new ListenerEndpoint(id, List.of(topics), null, List.of(), null, 1, Ordering.PARTITION, false,
                AckMode.AUTO, true, Map.of());
    }
}
