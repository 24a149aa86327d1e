package dev.kurier.client.consumer;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;

/** A position is out of the log's range (or unset) and {@code auto.offset.reset=none}. */
public class OffsetOutOfRangeException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** {@code partition} has no valid position; {@code detail} says what was found. */
    public OffsetOutOfRangeException(TopicPartition partition, String detail) {
        super(partition + ": " + detail + " and auto.offset.reset=none; seek to a valid offset");
    }
}
