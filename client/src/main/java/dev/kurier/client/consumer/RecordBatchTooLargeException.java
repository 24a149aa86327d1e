package dev.kurier.client.consumer;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;

/**
 * A batch the broker would not return whole even when fetched alone, with the fetch limits raised to the batch's
 * size or {@code fetch.max.bytes}: the consumer cannot get past it (brokers since Kafka 0.10.1 always return the
 * first batch of a fetch whole, so this points at a broker or proxy that cuts responses). Names the topic-partition,
 * the offset and the sizes; raising {@code fetch.max.bytes} above the batch size, or {@link Consumer#seek} past it,
 * goes on. The position stays on the batch.
 */
public class RecordBatchTooLargeException extends KurierException {

    private static final long serialVersionUID = 1L;

    private final transient TopicPartition partition;
    private final long offset;
    private final int batchSize;

    /** The batch at {@code offset} of {@code partition}, {@code batchSize} bytes, came back cut at {@code received}. */
    public RecordBatchTooLargeException(TopicPartition partition, long offset, int batchSize, int received,
                                        int fetchMaxBytes) {
        super("the record batch in " + partition + " at offset " + offset + " is " + batchSize
                + " bytes; fetched alone with fetch.max.bytes = " + fetchMaxBytes + " the broker returned only "
                + received + " bytes of it, so the consumer cannot make progress past it", null);
        this.partition = partition;
        this.offset = offset;
        this.batchSize = batchSize;
    }

    /** The topic-partition. */
    public TopicPartition partition() {
        return partition;
    }

    /** The offset the consumer is stuck at. */
    public long offset() {
        return offset;
    }

    /** The size of the batch in bytes, from its header. */
    public int batchSize() {
        return batchSize;
    }
}
