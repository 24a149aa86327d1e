package dev.kurier.client.producer;

import dev.kurier.client.common.TopicPartition;

/**
 * Where an acknowledged record landed.
 *
 * @param partition the topic-partition
 * @param offset    its offset, or -1 when unknown (acks=0, or a duplicate the broker no longer has the offset of)
 * @param timestamp the record timestamp: create time, or the broker's log-append time when the topic uses it
 * @param serializedKeySize   key bytes, -1 for a null key
 * @param serializedValueSize value bytes, -1 for a null value
 */
public record RecordMetadata(TopicPartition partition, long offset, long timestamp, int serializedKeySize,
                             int serializedValueSize) {

    /** Whether the offset is known. */
    public boolean hasOffset() {
        return offset >= 0;
    }
}
