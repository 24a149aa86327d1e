package dev.kurier.client.admin;

/**
 * An offset {@link Admin#listOffsets} found.
 *
 * @param offset the offset; -1 when no record matches a timestamp lookup
 * @param timestamp the record's timestamp for timestamp lookups, else -1
 * @param leaderEpoch the leader epoch of that offset, or -1 when unknown
 */
public record ListedOffset(long offset, long timestamp, int leaderEpoch) {
}
