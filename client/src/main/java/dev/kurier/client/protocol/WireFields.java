package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Field-level helpers the message codecs share on top of {@link Primitives}: fixed-width reads that check
 * the bytes left (so a truncated frame is a {@link ProtocolException}, never an index error), writes of
 * non-nullable strings that name the field when it is null, and compact and classic arrays.
 */
final class WireFields {

    private WireFields() {
    }

    // ---- checked fixed-width reads --------------------------------------------------------------

    static byte readInt8(ByteBuf in, String field) {
        Primitives.checkReadable(in, 1, field);
        return in.readByte();
    }

    static short readInt16(ByteBuf in, String field) {
        Primitives.checkReadable(in, 2, field);
        return in.readShort();
    }

    static int readInt32(ByteBuf in, String field) {
        Primitives.checkReadable(in, 4, field);
        return in.readInt();
    }

    static long readInt64(ByteBuf in, String field) {
        Primitives.checkReadable(in, 8, field);
        return in.readLong();
    }

    /** Reads a bool; any non-zero byte is true, as Kafka reads it. */
    static boolean readBool(ByteBuf in, String field) {
        return readInt8(in, field) != 0;
    }

    // ---- strings and bytes that name the field --------------------------------------------------

    /** Writes a non-nullable compact string, naming {@code field} if it is null. */
    static void writeCompactString(ByteBuf out, String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        Primitives.writeCompactString(out, value);
    }

    /** Reads a non-nullable compact string, naming {@code field} if the wire says null. */
    static String readCompactString(ByteBuf in, String field) {
        String value = Primitives.readCompactNullableString(in);
        if (value == null) {
            throw new ProtocolException(field + " is null but the schema does not allow it");
        }
        return value;
    }

    /** Writes non-nullable compact bytes, naming {@code field} if they are null. */
    static void writeCompactBytes(ByteBuf out, byte[] value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        Primitives.writeCompactBytes(out, value);
    }

    /** Reads non-nullable compact bytes, naming {@code field} if the wire says null. */
    static byte[] readCompactBytes(ByteBuf in, String field) {
        byte[] value = Primitives.readCompactNullableBytes(in);
        if (value == null) {
            throw new ProtocolException(field + " is null but the schema does not allow it");
        }
        return value;
    }

    /** Writes a non-nullable classic (int16 length) string, naming {@code field} if it is null. */
    static void writeString(ByteBuf out, String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        Primitives.writeString(out, value);
    }

    /** Reads a non-nullable classic string, naming {@code field} if the wire says null. */
    static String readString(ByteBuf in, String field) {
        String value = Primitives.readNullableString(in);
        if (value == null) {
            throw new ProtocolException(field + " is null but the schema does not allow it");
        }
        return value;
    }

    // ---- compact arrays -------------------------------------------------------------------------

    /** Writes a compact array; a null list is written as a null array (callers check nullability first). */
    static <T> void writeCompactArray(ByteBuf out, List<T> list, BiConsumer<ByteBuf, T> element) {
        if (list == null) {
            Primitives.writeCompactArrayLength(out, -1);
            return;
        }
        Primitives.writeCompactArrayLength(out, list.size());
        for (T item : list) {
            element.accept(out, item);
        }
    }

    /** Reads a non-nullable compact array. */
    static <T> List<T> readCompactArray(ByteBuf in, String field, Function<ByteBuf, T> element) {
        List<T> list = readCompactNullableArray(in, field, element);
        if (list == null) {
            throw new ProtocolException(field + " is a null array but the schema does not allow it");
        }
        return list;
    }

    /** Reads a nullable compact array; null when the wire says null. */
    static <T> List<T> readCompactNullableArray(ByteBuf in, String field, Function<ByteBuf, T> element) {
        int n = Primitives.readCompactArrayLength(in);
        if (n < 0) {
            return null;
        }
        return readElements(in, n, element);
    }

    static void writeCompactStringArray(ByteBuf out, List<String> list, String field) {
        writeCompactArray(out, list, (o, s) -> writeCompactString(o, s, field + "[]"));
    }

    static List<String> readCompactStringArray(ByteBuf in, String field) {
        return readCompactArray(in, field, b -> readCompactString(b, field + "[]"));
    }

    static List<String> readCompactNullableStringArray(ByteBuf in, String field) {
        return readCompactNullableArray(in, field, b -> readCompactString(b, field + "[]"));
    }

    static void writeCompactInt32Array(ByteBuf out, List<Integer> list) {
        writeCompactArray(out, list, (o, i) -> o.writeInt(i));
    }

    static List<Integer> readCompactInt32Array(ByteBuf in, String field) {
        return readCompactArray(in, field, b -> readInt32(b, field + "[]"));
    }

    // ---- classic (int32 length) arrays ----------------------------------------------------------

    /** Writes a classic array; a null list is written as a null array (callers check nullability first). */
    static <T> void writeArray(ByteBuf out, List<T> list, BiConsumer<ByteBuf, T> element) {
        if (list == null) {
            Primitives.writeArrayLength(out, -1);
            return;
        }
        Primitives.writeArrayLength(out, list.size());
        for (T item : list) {
            element.accept(out, item);
        }
    }

    /** Reads a non-nullable classic array. */
    static <T> List<T> readArray(ByteBuf in, String field, Function<ByteBuf, T> element) {
        int n = Primitives.readArrayLength(in);
        if (n < 0) {
            throw new ProtocolException(field + " is a null array but the schema does not allow it");
        }
        return readElements(in, n, element);
    }

    static void writeStringArray(ByteBuf out, List<String> list, String field) {
        writeArray(out, list, (o, s) -> writeString(o, s, field + "[]"));
    }

    static List<String> readStringArray(ByteBuf in, String field) {
        return readArray(in, field, b -> readString(b, field + "[]"));
    }

    static void writeInt32Array(ByteBuf out, List<Integer> list) {
        writeArray(out, list, (o, i) -> o.writeInt(i));
    }

    static List<Integer> readInt32Array(ByteBuf in, String field) {
        return readArray(in, field, b -> readInt32(b, field + "[]"));
    }

    /** Reads {@code n} elements; {@code n} was already checked against the bytes left, so the list is bounded. */
    private static <T> List<T> readElements(ByteBuf in, int n, Function<ByteBuf, T> element) {
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.apply(in));
        }
        return list;
    }

    // ---- list copies for record constructors ----------------------------------------------------

    /** An immutable copy of a non-nullable list field; null means empty. */
    static <T> List<T> copyOrEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** An immutable copy of a nullable list field, keeping null. */
    static <T> List<T> copyNullable(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }
}
