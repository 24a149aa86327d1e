package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Field-level helpers shared by the message codecs, on top of {@link Primitives}: bounds-checked fixed-width
 * reads (so a truncated frame raises {@link ProtocolException}, never {@link IndexOutOfBoundsException}),
 * booleans, compact int32 arrays, record sets, serialized sizes for tagged fields, and version guards.
 */
public final class Fields {

    private Fields() {
    }

    // ---- checked fixed-width reads --------------------------------------------------------------

    /** Reads an int8, naming {@code what} if the frame ends first. */
    public static byte readInt8(ByteBuf in, String what) {
        Primitives.checkReadable(in, 1, what);
        return in.readByte();
    }

    /** Reads an int16, naming {@code what} if the frame ends first. */
    public static short readInt16(ByteBuf in, String what) {
        Primitives.checkReadable(in, 2, what);
        return in.readShort();
    }

    /** Reads an int32, naming {@code what} if the frame ends first. */
    public static int readInt32(ByteBuf in, String what) {
        Primitives.checkReadable(in, 4, what);
        return in.readInt();
    }

    /** Reads an int64, naming {@code what} if the frame ends first. */
    public static long readInt64(ByteBuf in, String what) {
        Primitives.checkReadable(in, 8, what);
        return in.readLong();
    }

    /** Reads a boolean (any non-zero byte is true, as Kafka reads it). */
    public static boolean readBoolean(ByteBuf in, String what) {
        return readInt8(in, what) != 0;
    }

    /** Writes a boolean as one byte, 1 or 0. */
    public static void writeBoolean(ByteBuf out, boolean value) {
        out.writeByte(value ? 1 : 0);
    }

    // ---- int32 arrays ---------------------------------------------------------------------------

    /** Writes a non-null compact array of int32 (broker ids, partition indexes). */
    public static void writeCompactInt32Array(ByteBuf out, List<Integer> values, String what) {
        if (values == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        Primitives.writeCompactArrayLength(out, values.size());
        for (int i = 0, n = values.size(); i < n; i++) {
            out.writeInt(values.get(i));
        }
    }

    /** Reads a non-null compact array of int32 into an unmodifiable list. */
    public static List<Integer> readCompactInt32Array(ByteBuf in, String what) {
        int n = Primitives.readCompactArrayLength(in);
        if (n < 0) {
            throw new ProtocolException("non-nullable array " + what + " is null");
        }
        if (n > in.readableBytes() / 4) {
            throw new ProtocolException("truncated " + what + ": " + n + " int32 elements but only " + in.readableBytes()
                    + " bytes left");
        }
        List<Integer> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readInt());
        }
        return Collections.unmodifiableList(values);
    }

    /** Reads a compact array length that must not be null, naming {@code what} otherwise. */
    public static int readNonNullArrayLength(ByteBuf in, String what) {
        int n = Primitives.readCompactArrayLength(in);
        if (n < 0) {
            throw new ProtocolException("non-nullable array " + what + " is null");
        }
        return n;
    }

    // ---- record sets ----------------------------------------------------------------------------

    /**
     * Writes a compact nullable record set: uvarint(length + 1) then the bytes, 0 for null. The bytes are copied
     * from {@code records}' readable region without moving its reader index and without releasing it.
     */
    public static void writeCompactRecords(ByteBuf out, ByteBuf records) {
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
    public static ByteBuf readCompactRecordsRetained(ByteBuf in, String what) {
        int length = Primitives.readUnsignedVarint(in) - 1;
        if (length == -1) {
            return null;
        }
        Primitives.checkReadable(in, length, what);
        return in.readRetainedSlice(length);
    }

    /** Serialized size of a compact record set as {@link #writeCompactRecords} writes it. */
    public static int sizeOfCompactRecords(ByteBuf records) {
        if (records == null) {
            return 1;
        }
        int length = records.readableBytes();
        return Primitives.sizeOfUnsignedVarint(length + 1) + length;
    }

    // ---- sizes (for tagged fields, whose size precedes them) ----------------------------------------

    /** Serialized size of a compact (nullable) string: 1 for null. */
    public static int sizeOfCompactString(String value) {
        if (value == null) {
            return 1;
        }
        int length = ByteBufUtil.utf8Bytes(value);
        return Primitives.sizeOfUnsignedVarint(length + 1) + length;
    }

    // ---- tagged fields (allocation-free reading) ----------------------------------------------------
    //
    // Usage, for a structure with known tags:
    //   int n = Primitives.readUnsignedVarint(in);
    //   for (int i = 0, last = -1; i < n; i++) {
    //       int tag = Fields.readTag(in, last); last = tag;
    //       int end = Fields.readTagEnd(in, tag);
    //       switch (tag) { case 0 -> x = ...; default -> in.readerIndex(end); }
    //       Fields.checkTagEnd(in, tag, end);
    //   }

    /** Reads a tag, checking that tags come in increasing order (after {@code lastTag}). */
    public static int readTag(ByteBuf in, int lastTag) {
        int tag = Primitives.readUnsignedVarint(in);
        if (tag <= lastTag) {
            throw new ProtocolException("tagged fields out of order: tag " + tag + " after " + lastTag);
        }
        return tag;
    }

    /** Reads a tagged field's size and returns the reader index where the field ends, checked against the frame. */
    public static int readTagEnd(ByteBuf in, int tag) {
        int size = Primitives.readUnsignedVarint(in);
        Primitives.checkReadable(in, size, "tagged field " + tag);
        return in.readerIndex() + size;
    }

    /** Checks that the reader of tagged field {@code tag} stopped exactly at {@code end}. */
    public static void checkTagEnd(ByteBuf in, int tag, int end) {
        if (in.readerIndex() != end) {
            throw new ProtocolException("tagged field " + tag + " ends at " + end + " but its value ended at "
                    + in.readerIndex());
        }
    }

    // ---- version guards -------------------------------------------------------------------------

    /** Throws {@link UnsupportedVersionException} unless {@code version} is in Kurier's range for {@code api}. */
    public static void checkVersion(ApiKey api, short version) {
        if (version < api.minVersion || version > api.maxVersion) {
            throw new UnsupportedVersionException(api.displayName + " v" + version + " is not supported by Kurier (it implements v"
                    + api.minVersion + "-v" + api.maxVersion + ")");
        }
    }

    /** The exception for a field set to a non-default value that {@code version} of {@code api} cannot carry. */
    public static UnsupportedVersionException unsupportedField(ApiKey api, String field, short version) {
        return new UnsupportedVersionException(api.displayName + " v" + version + " cannot carry a non-default " + field);
    }

    /** The exception for a null value in a field that is not nullable at {@code version} of {@code api}. */
    public static UnsupportedVersionException nullField(ApiKey api, String field, short version) {
        return new UnsupportedVersionException(api.displayName + " v" + version + " does not allow a null " + field);
    }
}
