package dev.kurier.client.protocol.record;

import dev.kurier.client.protocol.Primitives;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Encodes single records (record batch v2 layout) straight into a byte array: what a producer uses to write each
 * record into its batch buffer at {@code send()} time, without a builder object per batch or per record.
 *
 * <p>Layout of one record: Length varint | Attributes int8 | TimestampDelta varlong | OffsetDelta varint |
 * KeyLength varint | Key | ValueLength varint | Value | HeaderCount varint | Headers. Pure functions: the caller
 * decides where a record goes (see {@code ProducerBatch}, which reserves positions for several threads at once).
 */
public final class RecordWriter {

    private RecordWriter() {
    }

    /**
     * The part of a record's body size that does not depend on its place in the batch: attributes, key, value and
     * headers. Add {@link #sizeOfVarlong} of the timestamp delta and {@link #sizeOfVarint} of the offset delta for the
     * body size.
     *
     * @param keySize -1 for a null key
     * @param valueSize -1 for a null value
     */
    public static int fixedBodySize(int keySize, int valueSize, List<? extends Header> headers) {
        int size = 1 + sizeOfVarint(keySize) + Math.max(keySize, 0) + sizeOfVarint(valueSize) + Math.max(valueSize, 0);
        int n = headers == null ? 0 : headers.size();
        size += sizeOfVarint(n);
        for (int i = 0; i < n; i++) {
            Header h = headers.get(i);
            int keyLength = utf8Length(Objects.requireNonNull(h.key(), "header key"));
            byte[] value = h.value();
            size += sizeOfVarint(keyLength) + keyLength
                    + (value == null ? 1 : sizeOfVarint(value.length) + value.length);
        }
        return size;
    }

    /** The whole encoded size of a record (length prefix included) whose body is {@code bodySize} bytes. */
    public static int recordSize(int bodySize) {
        return sizeOfVarint(bodySize) + bodySize;
    }

    /**
     * Writes one record at {@code pos} of {@code dst} and returns the position after it. The caller has checked that
     * {@link #recordSize(int)} bytes fit.
     *
     * @param bodySize {@link #fixedBodySize} plus the sizes of the two deltas
     */
    public static int write(byte[] dst, int pos, int bodySize, long timestampDelta, int offsetDelta, byte[] key,
                            byte[] value, List<? extends Header> headers) {
        pos = writeVarint(dst, pos, bodySize);
        dst[pos++] = 0; // record attributes: unused
        pos = writeVarlong(dst, pos, timestampDelta);
        pos = writeVarint(dst, pos, offsetDelta);
        pos = writeBytes(dst, pos, key);
        pos = writeBytes(dst, pos, value);
        int n = headers == null ? 0 : headers.size();
        pos = writeVarint(dst, pos, n);
        for (int i = 0; i < n; i++) {
            Header h = headers.get(i);
            pos = writeBytes(dst, pos, h.key().getBytes(StandardCharsets.UTF_8));
            pos = writeBytes(dst, pos, h.value());
        }
        return pos;
    }

    private static int writeBytes(byte[] dst, int pos, byte[] bytes) {
        if (bytes == null) {
            dst[pos] = 1; // zigzag(-1)
            return pos + 1;
        }
        pos = writeVarint(dst, pos, bytes.length);
        System.arraycopy(bytes, 0, dst, pos, bytes.length);
        return pos + bytes.length;
    }

    /** Writes a zigzag varint; returns the position after it. */
    public static int writeVarint(byte[] dst, int pos, int value) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xFFFFFF80) != 0) {
            dst[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        dst[pos++] = (byte) v;
        return pos;
    }

    /** Writes a zigzag varlong; returns the position after it. */
    public static int writeVarlong(byte[] dst, int pos, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            dst[pos++] = (byte) (((int) v & 0x7F) | 0x80);
            v >>>= 7;
        }
        dst[pos++] = (byte) v;
        return pos;
    }

    /** Bytes {@link #writeVarint} uses for {@code value}. */
    public static int sizeOfVarint(int value) {
        return Primitives.sizeOfVarint(value);
    }

    /** Bytes {@link #writeVarlong} uses for {@code value}. */
    public static int sizeOfVarlong(long value) {
        return Primitives.sizeOfVarlong(value);
    }

    /**
     * The length {@code String.getBytes(UTF_8)} writes, which {@link #write} uses: an unpaired surrogate becomes one
     * '?'. Neither Netty's {@code utf8Bytes} nor kafka-clients' size count agrees with that byte for byte (kafka-clients
     * counts an unpaired high surrogate as four bytes and so writes a record length two larger than its bytes), so the
     * count is done here, where it matches what is written.
     */
    private static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes++;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for the pair of chars
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                } // an unpaired surrogate becomes '?' in String.getBytes(UTF_8): 1 byte
            }
        }
        return bytes;
    }
}
