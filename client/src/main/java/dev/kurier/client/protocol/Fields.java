package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Field-level helpers the message codecs share, on top of {@link Primitives}: reads that check the bytes left
 * and name the field (so a truncated or malformed frame is a {@link ProtocolException} saying what was wrong,
 * never an index error), non-nullable strings, bytes and arrays that name the field when they are null, record
 * sets, tagged fields, and the list copies record constructors make. {@link VersionRules} holds the version
 * checks.
 */
final class Fields {

    /** A tag no tagged-field section holds: {@link #readTaggedField} with it skips the whole section. */
    static final int NO_TAG = -1;

    private Fields() {
    }

    // ---- checked fixed-width reads --------------------------------------------------------------

    /** Reads an int8, naming {@code field} if the frame ends first. */
    static byte readInt8(ByteBuf in, String field) {
        Primitives.checkReadable(in, 1, field);
        return in.readByte();
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

    /** Reads an int64, naming {@code field} if the frame ends first. */
    static long readInt64(ByteBuf in, String field) {
        Primitives.checkReadable(in, 8, field);
        return in.readLong();
    }

    /** Reads a boolean; any non-zero byte is true, as Kafka reads it. */
    static boolean readBoolean(ByteBuf in, String field) {
        return readInt8(in, field) != 0;
    }

    // ---- strings and bytes that name the field --------------------------------------------------

    /** Writes a non-nullable compact string, naming {@code field} if it is null. */
    static void writeCompactString(ByteBuf out, String value, String field) {
        Primitives.writeCompactString(out, requireNonNull(value, field));
    }

    /** Reads a non-nullable compact string, naming {@code field} if the wire says null. */
    static String readCompactString(ByteBuf in, String field) {
        return requireNonNullOnWire(Primitives.readCompactNullableString(in), field);
    }

    /** Writes non-nullable compact bytes, naming {@code field} if they are null. */
    static void writeCompactBytes(ByteBuf out, byte[] value, String field) {
        Primitives.writeCompactBytes(out, requireNonNull(value, field));
    }

    /** Reads non-nullable compact bytes, naming {@code field} if the wire says null. */
    static byte[] readCompactBytes(ByteBuf in, String field) {
        return requireNonNullOnWire(Primitives.readCompactNullableBytes(in), field);
    }

    /** Writes a non-nullable classic (int16 length) string, naming {@code field} if it is null. */
    static void writeString(ByteBuf out, String value, String field) {
        Primitives.writeString(out, requireNonNull(value, field));
    }

    /** Reads a non-nullable classic string, naming {@code field} if the wire says null. */
    static String readString(ByteBuf in, String field) {
        return requireNonNullOnWire(Primitives.readNullableString(in), field);
    }

    /** Serialized size of a compact (nullable) string, 1 for null: tagged fields write their size first. */
    static int sizeOfCompactString(String value) {
        if (value == null) {
            return 1;
        }
        int length = ByteBufUtil.utf8Bytes(value);
        return Primitives.sizeOfUnsignedVarint(length + 1) + length;
    }

    // ---- compact arrays -------------------------------------------------------------------------

    /** Reads a compact array length that must not be null, naming {@code field} otherwise. */
    static int readNonNullCompactArrayLength(ByteBuf in, String field) {
        return requireNonNullArray(Primitives.readCompactArrayLength(in), field);
    }

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
        return readElements(in, readNonNullCompactArrayLength(in, field), element);
    }

    /** Reads a nullable compact array; null when the wire says null. */
    static <T> List<T> readCompactNullableArray(ByteBuf in, Function<ByteBuf, T> element) {
        int n = Primitives.readCompactArrayLength(in);
        return n < 0 ? null : readElements(in, n, element);
    }

    /** Writes a compact array of non-nullable strings; a null list is written as a null array. */
    static void writeCompactStringArray(ByteBuf out, List<String> list, String field) {
        writeCompactArray(out, list, (o, s) -> writeCompactString(o, s, field + "[]"));
    }

    /** Reads a non-nullable compact array of non-nullable strings. */
    static List<String> readCompactStringArray(ByteBuf in, String field) {
        return readCompactArray(in, field, b -> readCompactString(b, field + "[]"));
    }

    /** Reads a nullable compact array of non-nullable strings. */
    static List<String> readCompactNullableStringArray(ByteBuf in, String field) {
        return readCompactNullableArray(in, b -> readCompactString(b, field + "[]"));
    }

    /** Writes a non-nullable compact array of int32 (broker ids, partition indexes). */
    static void writeCompactInt32Array(ByteBuf out, List<Integer> values, String field) {
        Primitives.writeCompactArrayLength(out, requireNonNull(values, field).size());
        writeInt32Elements(out, values);
    }

    /** Reads a non-nullable compact array of int32 into an unmodifiable list. */
    static List<Integer> readCompactInt32Array(ByteBuf in, String field) {
        return readInt32Elements(in, readNonNullCompactArrayLength(in, field), field);
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
        return readElements(in, readNonNullArrayLength(in, field), element);
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
        writeInt32Elements(out, values);
    }

    /** Reads a non-nullable classic array of int32 into an unmodifiable list. */
    static List<Integer> readInt32Array(ByteBuf in, String field) {
        return readInt32Elements(in, readNonNullArrayLength(in, field), field);
    }

    private static int readNonNullArrayLength(ByteBuf in, String field) {
        return requireNonNullArray(Primitives.readArrayLength(in), field);
    }

    /** Reads {@code n} elements; {@code n} was already checked against the bytes left, so the list is bounded. */
    private static <T> List<T> readElements(ByteBuf in, int n, Function<ByteBuf, T> element) {
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.apply(in));
        }
        return list;
    }

    private static void writeInt32Elements(ByteBuf out, List<Integer> values) {
        for (int i = 0, n = values.size(); i < n; i++) {
            out.writeInt(values.get(i));
        }
    }

    private static List<Integer> readInt32Elements(ByteBuf in, int n, String field) {
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

    // ---- topic references -----------------------------------------------------------------------

    /**
     * Writes a topic as {@code version} of {@code api} identifies it: by id when {@code byId}, else by name. The
     * one it needs must be set, else {@link UnsupportedVersionException} naming {@code field}; the other is dropped.
     */
    static void writeTopicNameOrId(ByteBuf out, ApiKey api, short version, boolean byId, String field, String name,
                                   UUID id) {
        if (byId) {
            if (Primitives.ZERO_UUID.equals(id)) {
                throw new UnsupportedVersionException(api.displayName + " v" + version
                        + " identifies topics by id, but " + field + " topic '" + name + "' has no TopicId");
            }
            Primitives.writeUuid(out, id);
        } else {
            if (name == null) {
                throw new UnsupportedVersionException(api.displayName + " v" + version
                        + " identifies topics by name, but " + field + " topic " + id + " has no name");
            }
            Primitives.writeCompactString(out, name);
        }
    }

    // ---- record sets ----------------------------------------------------------------------------

    /**
     * Writes a compact nullable record set: uvarint(length + 1) then the bytes, 0 for null. The bytes are copied
     * from {@code records}' readable region without moving its reader index and without releasing it.
     */
    static void writeCompactRecords(ByteBuf out, ByteBuf records) {
        if (records == null) {
            out.writeByte(0);
            return;
        }
        int length = records.readableBytes();
        Primitives.writeUnsignedVarint(out, length + 1);
        out.writeBytes(records, records.readerIndex(), length);
    }

    /**
     * Reads a compact nullable record set as a retained slice of {@code in} (no copy); the caller owns the
     * returned buffer and releases it once. Null when the encoded length is 0.
     */
    static ByteBuf readCompactRecordsRetained(ByteBuf in, String field) {
        int length = Primitives.readUnsignedVarint(in) - 1;
        if (length == -1) {
            return null;
        }
        Primitives.checkReadable(in, length, field);
        return in.readRetainedSlice(length);
    }

    // ---- tagged fields --------------------------------------------------------------------------

    /**
     * Reads a tagged-field section in which {@code tag} is the only tag the version knows: returns that field's
     * value as {@code reader} reads it, or {@code absent} when the section does not hold it; other tags are
     * skipped. Pass {@link #NO_TAG} at versions that know no tag. Allocation-free with a non-capturing reader.
     */
    static <T> T readTaggedField(ByteBuf in, int tag, Function<ByteBuf, T> reader, T absent) {
        T value = absent;
        int count = Primitives.readUnsignedVarint(in);
        for (int i = 0, current = -1; i < count; i++) {
            current = Primitives.readTag(in, current);
            int end = Primitives.readTagEnd(in, current);
            if (current == tag) {
                value = reader.apply(in);
                Primitives.checkTagEnd(in, current, end);
            } else {
                in.readerIndex(end);
            }
        }
        return value;
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

    // ---- null checks that name the field --------------------------------------------------------

    private static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    private static <T> T requireNonNullOnWire(T value, String field) {
        if (value == null) {
            throw new ProtocolException(field + " is null but the schema does not allow it");
        }
        return value;
    }

    private static int requireNonNullArray(int length, String field) {
        if (length < 0) {
            throw new ProtocolException(field + " is a null array but the schema does not allow it");
        }
        return length;
    }
}
