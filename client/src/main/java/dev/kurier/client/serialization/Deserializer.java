package dev.kurier.client.serialization;

/**
 * Turns record bytes back into a key or value. Must be thread-safe. When it throws, the consumer reports a
 * {@code RecordDeserializationException} carrying the topic, partition, offset and raw bytes.
 *
 * @param <T> the type produced
 */
@FunctionalInterface
public interface Deserializer<T> {

    /** The value of {@code data} from {@code topic}; {@code null} bytes give {@code null}. */
    T deserialize(String topic, byte[] data);
}
