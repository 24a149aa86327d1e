package dev.kurier.client.serialization;

/**
 * Turns a key or value into bytes for a record. Must be thread-safe: one producer serializes from many
 * threads. A serializer that throws fails only the send it was called for.
 *
 * @param <T> the type serialized
 */
@FunctionalInterface
public interface Serializer<T> {

    /** The bytes of {@code data} for {@code topic}; {@code null} stays {@code null} (a null key or tombstone). */
    byte[] serialize(String topic, T data);
}
