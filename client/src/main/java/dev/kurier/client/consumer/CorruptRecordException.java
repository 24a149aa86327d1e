package dev.kurier.client.consumer;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;

/**
 * A fetched batch failed its CRC-32C check or could not be decoded. Names the topic-partition and the batch's
 * offset; {@link Consumer#seek} past it to go on.
 */
public class CorruptRecordException extends KurierException {

    private static final long serialVersionUID = 1L;

    private final transient TopicPartition partition;
    private final long offset;

    /** A corrupt batch at {@code offset} of {@code partition}. */
    public CorruptRecordException(TopicPartition partition, long offset, String detail, Throwable cause) {
        super("corrupt record batch in " + partition + " at offset " + offset + ": " + detail, cause);
        this.partition = partition;
        this.offset = offset;
    }

    /** The topic-partition. */
    public TopicPartition partition() {
        return partition;
    }

    /** The base offset of the corrupt batch. */
    public long offset() {
        return offset;
    }
}
