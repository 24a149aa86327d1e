package dev.kurier.client.consumer;

import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import java.util.List;

/**
 * A record read from Kafka.
 *
 * @param topic               topic
 * @param partition           partition
 * @param offset              offset in the partition
 * @param timestamp           the record's timestamp (epoch ms)
 * @param timestampType       what the timestamp means
 * @param key                 deserialized key, may be null
 * @param value               deserialized value, may be null (a tombstone)
 * @param headers             headers in order
 * @param serializedKeySize   key bytes, -1 for null
 * @param serializedValueSize value bytes, -1 for null
 * @param leaderEpoch         partition leader epoch of the batch, -1 if unknown
 * @param <K> key type
 * @param <V> value type
 */
public record ConsumerRecord<K, V>(String topic, int partition, long offset, long timestamp,
                                   TimestampType timestampType, K key, V value, List<Header> headers,
                                   int serializedKeySize, int serializedValueSize, int leaderEpoch) {

    /** The record's topic-partition. */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** The last header with this key, or {@code null}. */
    public Header lastHeader(String key) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equals(key)) {
                return headers.get(i);
            }
        }
        return null;
    }
}
