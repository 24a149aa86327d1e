package dev.kurier.client.protocol;

/**
 * The special timestamps a ListOffsets request asks for instead of a point in time. The newer ones need a minimum
 * version, which the caller picks: {@link #MAX_TIMESTAMP} v7+, {@link #EARLIEST_LOCAL_TIMESTAMP} v8+,
 * {@link #LATEST_TIERED_TIMESTAMP} v9+.
 */
public final class ListOffsetsTimestamps {

    /** The log end offset. */
    public static final long LATEST_TIMESTAMP = -1L;
    /** The log start offset. */
    public static final long EARLIEST_TIMESTAMP = -2L;
    /** The offset of the record with the largest timestamp (v7+). */
    public static final long MAX_TIMESTAMP = -3L;
    /** The first offset in local (non-tiered) storage (v8+). */
    public static final long EARLIEST_LOCAL_TIMESTAMP = -4L;
    /** The last offset in tiered storage (v9+). */
    public static final long LATEST_TIERED_TIMESTAMP = -5L;

    private ListOffsetsTimestamps() {
    }
}
