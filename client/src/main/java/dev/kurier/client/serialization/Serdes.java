package dev.kurier.client.serialization;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Serializers and deserializers for common types, byte-compatible with kafka-clients' own. */
public final class Serdes {

    private Serdes() {
    }

    /** Bytes as they are. */
    public static Serializer<byte[]> bytesSerializer() {
        return (topic, data) -> data;
    }

    /** Bytes as they are. */
    public static Deserializer<byte[]> bytesDeserializer() {
        return (topic, data) -> data;
    }

    /** UTF-8 strings. */
    public static Serializer<String> stringSerializer() {
        return (topic, data) -> data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    }

    /** UTF-8 strings. */
    public static Deserializer<String> stringDeserializer() {
        return (topic, data) -> data == null ? null : new String(data, StandardCharsets.UTF_8);
    }

    /** Big-endian 4-byte ints. */
    public static Serializer<Integer> intSerializer() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(4).putInt(data).array();
    }

    /** Big-endian 4-byte ints; other sizes are an error naming the size. */
    public static Deserializer<Integer> intDeserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length != 4) {
                throw new IllegalArgumentException("an int needs 4 bytes, got " + data.length);
            }
            return ByteBuffer.wrap(data).getInt();
        };
    }

    /** Big-endian 8-byte longs. */
    public static Serializer<Long> longSerializer() {
        return (topic, data) -> data == null ? null : ByteBuffer.allocate(8).putLong(data).array();
    }

    /** Big-endian 8-byte longs; other sizes are an error naming the size. */
    public static Deserializer<Long> longDeserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length != 8) {
                throw new IllegalArgumentException("a long needs 8 bytes, got " + data.length);
            }
            return ByteBuffer.wrap(data).getLong();
        };
    }

    /** UUIDs as their 36-character string, as kafka-clients' UUIDSerializer writes them. */
    public static Serializer<UUID> uuidSerializer() {
        return (topic, data) -> data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** UUIDs from their string form. */
    public static Deserializer<UUID> uuidDeserializer() {
        return (topic, data) -> data == null ? null : UUID.fromString(new String(data, StandardCharsets.UTF_8));
    }
}
