package dev.kurier.client.admin;

/**
 * Which offset {@link Admin#listOffsets} looks up: the earliest, the latest, the one of the record with the largest
 * timestamp, or the first whose timestamp is at or after a time.
 *
 * @param timestamp Kafka's encoding: -2 earliest, -1 latest, -3 max timestamp, else epoch milliseconds
 */
public record OffsetSpec(long timestamp) {

    /** The log start offset. */
    public static OffsetSpec earliest() {
        return new OffsetSpec(-2L);
    }

    /** The log end offset (the next offset to be written). */
    public static OffsetSpec latest() {
        return new OffsetSpec(-1L);
    }

    /** The offset of the record with the largest timestamp. */
    public static OffsetSpec maxTimestamp() {
        return new OffsetSpec(-3L);
    }

    /** The first offset whose timestamp is at or after {@code epochMillis}. */
    public static OffsetSpec forTimestamp(long epochMillis) {
        if (epochMillis < 0) {
            throw new IllegalArgumentException("timestamp must be >= 0, got " + epochMillis);
        }
        return new OffsetSpec(epochMillis);
    }
}
