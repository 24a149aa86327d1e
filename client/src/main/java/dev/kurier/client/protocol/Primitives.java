package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The protocol's primitive types over a Netty {@link ByteBuf}: fixed-width big-endian integers come from
 * {@code ByteBuf} itself; this class adds the rest.
 *
 * <ul>
 *   <li>unsigned varints (flexible-version lengths and tags) and zigzag varints/varlongs (record fields),</li>
 *   <li>strings and bytes, classic (int16/int32 length) and compact (uvarint length + 1, 0 = null),</li>
 *   <li>compact array lengths, UUIDs, and tagged-field sections.</li>
 * </ul>
 *
 * <p>Every read checks the length it is given against the bytes left and throws {@link ProtocolException}
 * naming what was wrong, so a corrupt frame can never make us allocate or read past its end.
 */
public final class Primitives {

    /** Kafka's all-zero UUID, meaning "no topic id". */
    public static final UUID ZERO_UUID = new UUID(0L, 0L);

    private Primitives() {
    }

    // ---- unsigned varints ----------------------------------------------------------------------

    /** Writes {@code value} as an unsigned LEB128 varint (1-5 bytes). */
    public static void writeUnsignedVarint(ByteBuf out, int value) {
        while ((value & 0xFFFFFF80) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    /** Reads an unsigned varint of at most 5 bytes. */
    public static int readUnsignedVarint(ByteBuf in) {
        int value = 0;
        int shift = 0;
        for (int i = 0; i < 5; i++) {
            if (!in.isReadable()) {
                throw new ProtocolException("truncated varint");
            }
            int b = in.readByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
        throw new ProtocolException("varint longer than 5 bytes");
    }

    /** How many bytes {@link #writeUnsignedVarint} uses for {@code value}. */
    public static int sizeOfUnsignedVarint(int value) {
        int bytes = 1;
        while ((value & 0xFFFFFF80) != 0) {
            bytes++;
            value >>>= 7;
        }
        return bytes;
    }

    // ---- zigzag varints (record batch fields) ---------------------------------------------------

    /** Writes {@code value} zigzag-encoded as a varint. */
    public static void writeVarint(ByteBuf out, int value) {
        writeUnsignedVarint(out, (value << 1) ^ (value >> 31));
    }

    /** Reads a zigzag varint. */
    public static int readVarint(ByteBuf in) {
        int raw = readUnsignedVarint(in);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** How many bytes {@link #writeVarint} uses for {@code value}. */
    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    /** Writes {@code value} zigzag-encoded as a varlong (1-10 bytes). */
    public static void writeVarlong(ByteBuf out, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            out.writeByte(((int) v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /** Reads a zigzag varlong of at most 10 bytes. */
    public static long readVarlong(ByteBuf in) {
        long value = 0L;
        int shift = 0;
        for (int i = 0; i < 10; i++) {
            if (!in.isReadable()) {
                throw new ProtocolException("truncated varlong");
            }
            int b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (value >>> 1) ^ -(value & 1L);
            }
            shift += 7;
        }
        throw new ProtocolException("varlong longer than 10 bytes");
    }

    /** How many bytes {@link #writeVarlong} uses for {@code value}. */
    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    // ---- strings --------------------------------------------------------------------------------

    /** Writes a non-null string with an int16 length (classic encoding; also client_id in request headers). */
    public static void writeString(ByteBuf out, String value) {
        if (value == null) {
            throw new IllegalArgumentException("non-nullable string is null");
        }
        writeNullableString(out, value);
    }

    /** Writes a string with an int16 length, -1 for null. */
    public static void writeNullableString(ByteBuf out, String value) {
        if (value == null) {
            out.writeShort(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes exceeds the int16 length limit");
        }
        out.writeShort(bytes.length);
        out.writeBytes(bytes);
    }

    /** Reads a string with an int16 length; null for -1. */
    public static String readNullableString(ByteBuf in) {
        int length = readShortChecked(in);
        if (length < 0) {
            return null;
        }
        checkReadable(in, length, "string");
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    /** Reads a non-null string with an int16 length. */
    public static String readString(ByteBuf in) {
        String value = readNullableString(in);
        if (value == null) {
            throw new ProtocolException("non-nullable string is null");
        }
        return value;
    }

    /** Writes a non-null compact string: uvarint(length + 1) then UTF-8 bytes. */
    public static void writeCompactString(ByteBuf out, String value) {
        if (value == null) {
            throw new IllegalArgumentException("non-nullable compact string is null");
        }
        writeCompactNullableString(out, value);
    }

    /** Writes a compact string, 0 for null. */
    public static void writeCompactNullableString(ByteBuf out, String value) {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeUnsignedVarint(out, bytes.length + 1);
        out.writeBytes(bytes);
    }

    /** Reads a compact string; null when the encoded length is 0. */
    public static String readCompactNullableString(ByteBuf in) {
        int length = readUnsignedVarint(in) - 1;
        if (length < 0) {
            return null;
        }
        checkReadable(in, length, "compact string");
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    /** Reads a non-null compact string. */
    public static String readCompactString(ByteBuf in) {
        String value = readCompactNullableString(in);
        if (value == null) {
            throw new ProtocolException("non-nullable compact string is null");
        }
        return value;
    }

    // ---- bytes ----------------------------------------------------------------------------------

    /** Writes compact bytes: uvarint(length + 1) then the bytes; 0 for null. */
    public static void writeCompactNullableBytes(ByteBuf out, byte[] value) {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        writeUnsignedVarint(out, value.length + 1);
        out.writeBytes(value);
    }

    /** Writes non-null compact bytes. */
    public static void writeCompactBytes(ByteBuf out, byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("non-nullable compact bytes are null");
        }
        writeCompactNullableBytes(out, value);
    }

    /** Reads compact bytes into a new array; null when the encoded length is 0. */
    public static byte[] readCompactNullableBytes(ByteBuf in) {
        int length = readUnsignedVarint(in) - 1;
        if (length < 0) {
            return null;
        }
        checkReadable(in, length, "compact bytes");
        byte[] value = new byte[length];
        in.readBytes(value);
        return value;
    }

    /** Reads non-null compact bytes. */
    public static byte[] readCompactBytes(ByteBuf in) {
        byte[] value = readCompactNullableBytes(in);
        if (value == null) {
            throw new ProtocolException("non-nullable compact bytes are null");
        }
        return value;
    }

    /** Writes bytes with an int32 length, -1 for null (classic encoding, SaslHandshake-era messages). */
    public static void writeNullableBytes(ByteBuf out, byte[] value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.writeBytes(value);
    }

    /** Reads bytes with an int32 length; null for -1. */
    public static byte[] readNullableBytes(ByteBuf in) {
        checkReadable(in, 4, "bytes length");
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        checkReadable(in, length, "bytes");
        byte[] value = new byte[length];
        in.readBytes(value);
        return value;
    }

    // ---- arrays ---------------------------------------------------------------------------------

    /** Writes a compact array length: uvarint(n + 1), or 0 when the array is null ({@code n < 0}). */
    public static void writeCompactArrayLength(ByteBuf out, int n) {
        writeUnsignedVarint(out, n < 0 ? 0 : n + 1);
    }

    /**
     * Reads a compact array length: -1 for null, else the element count. The count is checked against the
     * bytes left (every element takes at least one byte) so a corrupt length cannot size a huge list.
     */
    public static int readCompactArrayLength(ByteBuf in) {
        int n = readUnsignedVarint(in) - 1;
        if (n > in.readableBytes()) {
            throw new ProtocolException("compact array of " + n + " elements but only " + in.readableBytes()
                    + " bytes left");
        }
        return n;
    }

    /** Writes a classic int32 array length, -1 for null. */
    public static void writeArrayLength(ByteBuf out, int n) {
        out.writeInt(n < 0 ? -1 : n);
    }

    /** Reads a classic int32 array length: -1 for null, else the count (checked against bytes left). */
    public static int readArrayLength(ByteBuf in) {
        checkReadable(in, 4, "array length");
        int n = in.readInt();
        if (n > in.readableBytes()) {
            throw new ProtocolException("array of " + n + " elements but only " + in.readableBytes() + " bytes left");
        }
        return n < 0 ? -1 : n;
    }

    // ---- UUID -----------------------------------------------------------------------------------

    /** Writes a UUID as two int64s (most significant first); null is written as the zero UUID. */
    public static void writeUuid(ByteBuf out, UUID value) {
        UUID v = value == null ? ZERO_UUID : value;
        out.writeLong(v.getMostSignificantBits());
        out.writeLong(v.getLeastSignificantBits());
    }

    /** Reads a UUID. */
    public static UUID readUuid(ByteBuf in) {
        checkReadable(in, 16, "uuid");
        return new UUID(in.readLong(), in.readLong());
    }

    // ---- tagged fields --------------------------------------------------------------------------

    /** Writes an empty tagged-field section (a single 0 count). */
    public static void writeEmptyTaggedFields(ByteBuf out) {
        out.writeByte(0);
    }

    /** Reads and discards a tagged-field section. */
    public static void skipTaggedFields(ByteBuf in) {
        int count = readUnsignedVarint(in);
        for (int i = 0, tag = -1; i < count; i++) {
            tag = readTag(in, tag);
            in.readerIndex(readTagEnd(in, tag));
        }
    }

    // A section with known tags is read step by step, without a callback (so without allocating):
    // Fields.readTaggedField does this for one known tag, FetchRequest and FetchResponse for several.
    //   int count = Primitives.readUnsignedVarint(in);
    //   for (int i = 0, tag = -1; i < count; i++) {
    //       tag = Primitives.readTag(in, tag);
    //       int end = Primitives.readTagEnd(in, tag);
    //       switch (tag) { case 0 -> x = ...; default -> in.readerIndex(end); }
    //       Primitives.checkTagEnd(in, tag, end);
    //   }

    /** Reads a tagged field's tag, checking that tags come in increasing order (after {@code lastTag}, -1 at first). */
    public static int readTag(ByteBuf in, int lastTag) {
        int tag = readUnsignedVarint(in);
        if (tag <= lastTag) {
            throw new ProtocolException("tagged fields out of order: tag " + tag + " after " + lastTag);
        }
        return tag;
    }

    /** Reads a tagged field's size and returns the reader index where its value ends, checked against the frame. */
    public static int readTagEnd(ByteBuf in, int tag) {
        int size = readUnsignedVarint(in);
        checkReadable(in, size, "tagged field " + tag);
        return in.readerIndex() + size;
    }

    /** Checks that the reader of tagged field {@code tag} stopped exactly at {@code end}. */
    public static void checkTagEnd(ByteBuf in, int tag, int end) {
        if (in.readerIndex() != end) {
            throw new ProtocolException("tagged field " + tag + " ends at " + end + " but its value ended at "
                    + in.readerIndex());
        }
    }

    /** Writes one tagged field's tag and size header; the caller then writes exactly {@code size} bytes. */
    public static void writeTagHeader(ByteBuf out, int tag, int size) {
        writeUnsignedVarint(out, tag);
        writeUnsignedVarint(out, size);
    }

    // ---- checks ---------------------------------------------------------------------------------

    /** Throws {@link ProtocolException} unless {@code in} has at least {@code length} readable bytes. */
    public static void checkReadable(ByteBuf in, int length, String what) {
        if (length < 0 || in.readableBytes() < length) {
            throw new ProtocolException("truncated " + what + ": need " + length + " bytes, " + in.readableBytes()
                    + " left");
        }
    }

    private static int readShortChecked(ByteBuf in) {
        checkReadable(in, 2, "int16");
        return in.readShort();
    }
}
