package dev.kurier.client.consumer;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;

/**
 * A key or value deserializer threw. Carries the topic-partition, offset and the raw bytes; the consumer's
 * position stays at this record, so {@link Consumer#seek} to {@code offset() + 1} skips it.
 */
public class RecordDeserializationException extends KurierException {

    private static final long serialVersionUID = 1L;

    private final transient TopicPartition partition;
    private final long offset;
    private final byte[] rawKey;
    private final byte[] rawValue;

    /** The {@code part} ("key" or "value") of the record at {@code offset} could not be deserialized. */
    public RecordDeserializationException(TopicPartition partition, long offset, String part, byte[] rawKey,
                                          byte[] rawValue, Throwable cause) {
        super("could not deserialize the " + part + " of the record at offset " + offset + " of " + partition + ": "
                + cause, cause);
        this.partition = partition;
        this.offset = offset;
        this.rawKey = rawKey;
        this.rawValue = rawValue;
    }

    /** The topic-partition. */
    public TopicPartition partition() {
        return partition;
    }

    /** The record's offset. */
    public long offset() {
        return offset;
    }

    /** The key bytes, or null. */
    public byte[] rawKey() {
        return rawKey;
    }

    /** The value bytes, or null. */
    public byte[] rawValue() {
        return rawValue;
    }
}
