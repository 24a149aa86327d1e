package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The field-level reads, writes and sizes the generated message types call, on top of {@link Primitives}: every
 * read checks the bytes left and names the field (so a truncated or malformed frame is a {@link ProtocolException}
 * saying what was wrong, never an index error), and the version rules produce errors that name the field and the
 * versions that carry it.
 */
public final class Wire {

    /** The default of a non-nullable bytes field. */
    public static final byte[] EMPTY_BYTES = new byte[0];

    private Wire() {
    }

    // ---- version rules --------------------------------------------------------------------------

    /** Throws {@link UnsupportedVersionException} unless {@code version} is within the codec's range. */
    public static void checkVersion(ApiKey api, short version, short lowest, short highest) {
        if (version < lowest || version > highest) {
            throw new UnsupportedVersionException(api.displayName + " v" + version + " is not supported: Kurier "
                    + "implements v" + lowest + "-" + highest);
        }
    }

    /** The error for a field holding a non-default value at a version that cannot carry it. */
    public static UnsupportedVersionException notCarried(String field, short version, String carriedIn) {
        return new UnsupportedVersionException(field + " cannot be sent at v" + version + ": only " + carriedIn
                + " carries it");
    }

    /** The error for a null in a field that is not nullable at {@code version} ({@code "no version"}: never). */
    public static RuntimeException nullNotAllowed(String field, short version, String nullableIn) {
        if (nullableIn.equals("no version")) {
            return new IllegalArgumentException(field + " must not be null");
        }
        return new UnsupportedVersionException(field + " cannot be null at v" + version + ": only " + nullableIn
                + " allows null");
    }

    /** Returns {@code value}, or throws naming {@code field} when it is null (array elements). */
    public static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not hold null");
        }
        return value;
    }

    // ---- fixed-width reads ----------------------------------------------------------------------

    public static boolean readBool(ByteBuf in, String field) {
        return readInt8(in, field) != 0;
    }

    public static byte readInt8(ByteBuf in, String field) {
        Primitives.checkReadable(in, 1, field);
        return in.readByte();
    }

    public static short readInt16(ByteBuf in, String field) {
        Primitives.checkReadable(in, 2, field);
        return in.readShort();
    }

    public static int readUint16(ByteBuf in, String field) {
        Primitives.checkReadable(in, 2, field);
        return in.readUnsignedShort();
    }

    public static int readInt32(ByteBuf in, String field) {
        Primitives.checkReadable(in, 4, field);
        return in.readInt();
    }

    public static long readUint32(ByteBuf in, String field) {
        Primitives.checkReadable(in, 4, field);
        return in.readUnsignedInt();
    }

    public static long readInt64(ByteBuf in, String field) {
        Primitives.checkReadable(in, 8, field);
        return in.readLong();
    }

    public static double readFloat64(ByteBuf in, String field) {
        Primitives.checkReadable(in, 8, field);
        return in.readDouble();
    }

    public static UUID readUuid(ByteBuf in, String field) {
        Primitives.checkReadable(in, 16, field);
        return new UUID(in.readLong(), in.readLong());
    }

    // ---- strings, bytes, record sets ------------------------------------------------------------

    /** Reads a compact string; a null where {@code nullAllowed} is false is a {@link ProtocolException}. */
    public static String readCompactString(ByteBuf in, String field, boolean nullAllowed) {
        int length = Primitives.readUnsignedVarint(in) - 1;
        return readUtf8(in, length, field, nullAllowed);
    }

    /** Reads a classic (int16 length) string. */
    public static String readString(ByteBuf in, String field, boolean nullAllowed) {
        return readUtf8(in, readInt16(in, field), field, nullAllowed);
    }

    private static String readUtf8(ByteBuf in, int length, String field, boolean nullAllowed) {
        if (length < 0) {
            return nullOnWire(field, nullAllowed);
        }
        Primitives.checkReadable(in, length, field);
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    /** Reads compact bytes into a new array. */
    public static byte[] readCompactBytes(ByteBuf in, String field, boolean nullAllowed) {
        return readByteArray(in, Primitives.readUnsignedVarint(in) - 1, field, nullAllowed);
    }

    /** Reads classic (int32 length) bytes into a new array. */
    public static byte[] readBytes(ByteBuf in, String field, boolean nullAllowed) {
        return readByteArray(in, readInt32(in, field), field, nullAllowed);
    }

    private static byte[] readByteArray(ByteBuf in, int length, String field, boolean nullAllowed) {
        if (length < 0) {
            return nullOnWire(field, nullAllowed);
        }
        Primitives.checkReadable(in, length, field);
        byte[] value = new byte[length];
        in.readBytes(value);
        return value;
    }

    /**
     * Reads a compact record set as a slice of {@code in}: not copied and not retained (the generated top-level
     * {@code read} retains every slice once the whole message has been read, so a failure part-way leaks nothing).
     */
    public static ByteBuf readCompactRecords(ByteBuf in, String field, boolean nullAllowed) {
        return readSlice(in, Primitives.readUnsignedVarint(in) - 1, field, nullAllowed);
    }

    /** Reads a classic (int32 length) record set as a slice of {@code in}, as {@link #readCompactRecords}. */
    public static ByteBuf readRecords(ByteBuf in, String field, boolean nullAllowed) {
        return readSlice(in, readInt32(in, field), field, nullAllowed);
    }

    private static ByteBuf readSlice(ByteBuf in, int length, String field, boolean nullAllowed) {
        if (length < 0) {
            return nullOnWire(field, nullAllowed);
        }
        Primitives.checkReadable(in, length, field);
        return in.readSlice(length);
    }

    /**
     * Writes a compact record set, 0 for null. The bytes are copied from {@code records}' readable region without
     * moving its reader index and without releasing it.
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
     * Writes a compact record set as {@link #writeCompactRecords} does, except that with {@code deferred} a set large
     * enough is not copied: only its length is written, and {@code deferred} notes where its bytes belong.
     */
    public static void writeCompactRecords(ByteBuf out, ByteBuf records, DeferredRecordSets deferred) {
        if (deferred == null || records == null || !DeferredRecordSets.worthDeferring(records)) {
            writeCompactRecords(out, records);
            return;
        }
        Primitives.writeUnsignedVarint(out, records.readableBytes() + 1);
        deferred.add(out.writerIndex(), records);
    }

    /** Writes a classic record set (int32 length), deferring a large one as {@link #writeCompactRecords} does. */
    public static void writeRecords(ByteBuf out, ByteBuf records, DeferredRecordSets deferred) {
        if (deferred == null || records == null || !DeferredRecordSets.worthDeferring(records)) {
            writeRecords(out, records);
            return;
        }
        out.writeInt(records.readableBytes());
        deferred.add(out.writerIndex(), records);
    }

    /** Writes a classic record set (int32 length, -1 for null), as {@link #writeCompactRecords}. */
    public static void writeRecords(ByteBuf out, ByteBuf records) {
        if (records == null) {
            out.writeInt(-1);
            return;
        }
        int length = records.readableBytes();
        out.writeInt(length);
        out.writeBytes(records, records.readerIndex(), length);
    }

    // ---- structs and arrays ---------------------------------------------------------------------

    /** Reads a nullable struct's presence byte: false (null) for a negative value. */
    public static boolean readStructPresent(ByteBuf in, String field, boolean nullAllowed) {
        if (readInt8(in, field) < 0) {
            nullOnWire(field, nullAllowed);
            return false;
        }
        return true;
    }

    /**
     * Reads a compact array length: -1 for null, else the element count, checked against the bytes left (every
     * element takes at least one byte) so that a corrupt length cannot size a huge list.
     */
    public static int readCompactArrayLength(ByteBuf in, String field, boolean nullAllowed) {
        return checkedLength(in, Primitives.readUnsignedVarint(in) - 1, field, nullAllowed);
    }

    /** Reads a classic (int32) array length, as {@link #readCompactArrayLength}. */
    public static int readArrayLength(ByteBuf in, String field, boolean nullAllowed) {
        return checkedLength(in, readInt32(in, field), field, nullAllowed);
    }

    private static int checkedLength(ByteBuf in, int n, String field, boolean nullAllowed) {
        if (n < 0) {
            nullOnWire(field, nullAllowed);
            return -1;
        }
        if (n > in.readableBytes()) {
            throw new ProtocolException("truncated " + field + ": " + n + " elements but only " + in.readableBytes()
                    + " bytes left");
        }
        return n;
    }

    private static <T> T nullOnWire(String field, boolean nullAllowed) {
        if (!nullAllowed) {
            throw new ProtocolException(field + " is null but the schema does not allow it at this version");
        }
        return null;
    }

    // ---- sizes ----------------------------------------------------------------------------------

    public static int sizeOfCompactString(String value) {
        if (value == null) {
            return 1;
        }
        int length = ByteBufUtil.utf8Bytes(value);
        return Primitives.sizeOfUnsignedVarint(length + 1) + length;
    }

    public static int sizeOfString(String value) {
        return value == null ? 2 : 2 + ByteBufUtil.utf8Bytes(value);
    }

    public static int sizeOfCompactBytes(byte[] value) {
        return value == null ? 1 : Primitives.sizeOfUnsignedVarint(value.length + 1) + value.length;
    }

    public static int sizeOfBytes(byte[] value) {
        return value == null ? 4 : 4 + value.length;
    }

    public static int sizeOfCompactRecords(ByteBuf value) {
        if (value == null) {
            return 1;
        }
        int length = value.readableBytes();
        return Primitives.sizeOfUnsignedVarint(length + 1) + length;
    }

    public static int sizeOfRecords(ByteBuf value) {
        return value == null ? 4 : 4 + value.readableBytes();
    }
}
