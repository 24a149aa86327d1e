package dev.kurier.client.group;

/**
 * A committed position: the offset of the next record to read, with the leader epoch of the last record read
 * (for log-truncation detection) and free-form metadata.
 *
 * @param offset      the next offset to read, {@code >= 0}
 * @param leaderEpoch the leader epoch of the record at {@code offset - 1}, or -1 if unknown
 * @param metadata    free-form metadata stored with the offset ({@code ""} for none; never {@code null})
 */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata) {

    /** Validates the offset; a {@code null} metadata becomes {@code ""}, as kafka-clients does. */
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("a committed offset must be >= 0, got " + offset);
        }
        metadata = metadata == null ? "" : metadata;
    }

    /** The offset, no leader epoch, no metadata. */
    public static OffsetAndMetadata of(long offset) {
        return new OffsetAndMetadata(offset, -1, "");
    }

    /** The offset with metadata and no leader epoch. */
    public static OffsetAndMetadata of(long offset, String metadata) {
        return new OffsetAndMetadata(offset, -1, metadata);
    }
}
