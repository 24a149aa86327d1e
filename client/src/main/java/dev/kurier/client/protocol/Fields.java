package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Field-level helpers of the hand-written consumer-protocol codecs (the generated messages use {@link Wire}): reads
 * that check the bytes left and name the field, non-nullable strings and arrays that name the field when they are
 * null, classic (int16/int32 length) arrays, and the list copies record constructors make.
 */
final class Fields {

    private Fields() {
    }

    /** Reads an int16, naming {@code field} if the frame ends first. */
    static short readInt16(ByteBuf in, String field) {
        Primitives.checkReadable(in, 2, field);
        return in.readShort();
    }

    /** Reads an int32, naming {@code field} if the frame ends first. */
    static int readInt32(ByteBuf in, String field) {
        Primitives.checkReadable(in, 4, field);
        return in.readInt();
    }

    /** Writes a non-nullable classic (int16 length) string, naming {@code field} if it is null. */
    static void writeString(ByteBuf out, String value, String field) {
        Primitives.writeString(out, requireNonNull(value, field));
    }

    /** Reads a non-nullable classic string, naming {@code field} if the wire says null. */
    static String readString(ByteBuf in, String field) {
        String value = Primitives.readNullableString(in);
        if (value == null) {
            throw new ProtocolException(field + " is null but the schema does not allow it");
        }
        return value;
    }

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
        int n = readNonNullArrayLength(in, field);
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.apply(in));
        }
        return list;
    }

    /** Writes a classic array of non-nullable strings; a null list is written as a null array. */
    static void writeStringArray(ByteBuf out, List<String> list, String field) {
        writeArray(out, list, (o, s) -> writeString(o, s, field + "[]"));
    }

    /** Reads a non-nullable classic array of non-nullable strings. */
    static List<String> readStringArray(ByteBuf in, String field) {
        return readArray(in, field, b -> readString(b, field + "[]"));
    }

    /** Writes a non-nullable classic array of int32. */
    static void writeInt32Array(ByteBuf out, List<Integer> values, String field) {
        Primitives.writeArrayLength(out, requireNonNull(values, field).size());
        for (int i = 0, n = values.size(); i < n; i++) {
            out.writeInt(values.get(i));
        }
    }

    /** Reads a non-nullable classic array of int32 into an unmodifiable list. */
    static List<Integer> readInt32Array(ByteBuf in, String field) {
        int n = readNonNullArrayLength(in, field);
        if (n > in.readableBytes() / 4) {
            throw new ProtocolException("truncated " + field + ": " + n + " int32 elements but only "
                    + in.readableBytes() + " bytes left");
        }
        List<Integer> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readInt());
        }
        return Collections.unmodifiableList(values);
    }

    /** An immutable copy of a non-nullable list field; null means empty. */
    static <T> List<T> copyOrEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    private static int readNonNullArrayLength(ByteBuf in, String field) {
        int length = Primitives.readArrayLength(in);
        if (length < 0) {
            throw new ProtocolException(field + " is a null array but the schema does not allow it");
        }
        return length;
    }

    private static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }
}
