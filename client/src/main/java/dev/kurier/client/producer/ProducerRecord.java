package dev.kurier.client.producer;

import dev.kurier.client.common.Header;
import java.util.List;
import java.util.Objects;

/**
 * A record to send.
 *
 * @param topic     the topic
 * @param partition an explicit partition, or {@code null} to let the partitioner choose
 * @param timestamp create time in epoch ms, or {@code null} for "now" (brokers with LogAppendTime overwrite it)
 * @param key       the key, may be null
 * @param value     the value; null is a tombstone
 * @param headers   headers in order, never null
 * @param <K> key type
 * @param <V> value type
 */
public record ProducerRecord<K, V>(String topic, Integer partition, Long timestamp, K key, V value, List<Header> headers) {

    /** Validates the topic, partition and timestamp. */
    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic is empty");
        }
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition " + partition + " is negative for topic " + topic);
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp " + timestamp + " is negative for topic " + topic);
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** A record with a value only. */
    public static <K, V> ProducerRecord<K, V> of(String topic, V value) {
        return new ProducerRecord<>(topic, null, null, null, value, List.of());
    }

    /** A record with a key and value. */
    public static <K, V> ProducerRecord<K, V> of(String topic, K key, V value) {
        return new ProducerRecord<>(topic, null, null, key, value, List.of());
    }
}
