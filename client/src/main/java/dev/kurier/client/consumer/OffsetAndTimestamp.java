package dev.kurier.client.consumer;

/**
 * The first offset whose timestamp is at or after a requested time.
 *
 * @param offset    the offset
 * @param timestamp that record's timestamp
 */
public record OffsetAndTimestamp(long offset, long timestamp) {
}
