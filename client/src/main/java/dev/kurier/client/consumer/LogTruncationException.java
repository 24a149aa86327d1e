package dev.kurier.client.consumer;

import dev.kurier.client.common.TopicPartition;

/**
 * The partition's log was truncated under the consumer (KIP-320): the leader's log no longer holds records the
 * consumer fetched, as after an unclean leader election, and {@code auto.offset.reset=none}. Records from
 * {@link #divergingOffset()} up to the position were lost or replaced; {@link Consumer#seek} to go on (to the
 * diverging offset to read what the log holds there now). With a reset policy the consumer goes back to the diverging
 * offset by itself, with a WARN.
 */
public class LogTruncationException extends OffsetOutOfRangeException {

    private static final long serialVersionUID = 1L;

    private final transient TopicPartition partition;
    private final long position;
    private final long divergingOffset;

    /** {@code partition}, read up to {@code position}, diverges from its leader's log at {@code divergingOffset}. */
    public LogTruncationException(TopicPartition partition, long position, long divergingOffset) {
        super(partition, "the log was truncated (an unclean leader election?): records from offset " + divergingOffset
                + " up to the position " + position + " are no longer those fetched");
        this.partition = partition;
        this.position = position;
        this.divergingOffset = divergingOffset;
    }

    /** The topic-partition. */
    public TopicPartition partition() {
        return partition;
    }

    /** The consumer's position when the truncation was found. */
    public long position() {
        return position;
    }

    /** The first offset whose record may differ from what was fetched. */
    public long divergingOffset() {
        return divergingOffset;
    }
}
