package dev.kurier.client.protocol.compression;

import dev.kurier.client.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * {@code compression.type=gzip}: standard gzip (RFC 1952) with the JDK's zlib, as Kafka writes it with
 * {@code GZIPOutputStream} and reads it with {@code GZIPInputStream}.
 *
 * <p>We write the header and trailer ourselves around a raw deflate stream so that zlib can read from and
 * write to the ByteBufs' own memory ({@code Deflater}/{@code Inflater} accept heap and direct ByteBuffers),
 * with no intermediate byte arrays. The header is the one the JDK writes (no name, no mtime, OS = unknown).
 *
 * <p>Reading follows {@code GZIPInputStream}: concatenated members are decoded in turn, and bytes after a
 * member that do not start a valid gzip header are ignored (Kafka consumers accept such batches, so we do
 * too). Each member's CRC-32 and length are checked.
 */
final class GzipCompressionCodec implements CompressionCodec {

    /** Kafka's {@code compression.gzip.level} bounds; -1 is zlib's default (6). */
    static final int MIN_LEVEL = Deflater.BEST_SPEED;
    static final int MAX_LEVEL = Deflater.BEST_COMPRESSION;
    static final int DEFAULT_LEVEL = Deflater.DEFAULT_COMPRESSION;

    private static final CompressionType TYPE = CompressionType.GZIP;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int HEADER_SIZE = 10;
    private static final int TRAILER_SIZE = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    /** Deflate cannot expand more than about 1032:1, so ISIZE hints beyond that are lies. */
    private static final int MAX_RATIO = 1032;

    private static final ContextPool<Inflater> INFLATERS = new ContextPool<>(
            () -> new Inflater(true), Inflater::reset, Inflater::end, ContextPool.DEFAULT_MAX_IDLE);

    private final int level;
    private final ContextPool<Deflater> deflaters;

    GzipCompressionCodec(int level) {
        this.level = level;
        this.deflaters = new ContextPool<>(
                () -> new Deflater(level, true), Deflater::reset, Deflater::end, ContextPool.DEFAULT_MAX_IDLE);
    }

    @Override
    public CompressionType type() {
        return TYPE;
    }

    @Override
    public void compress(ByteBuf src, ByteBuf dst) {
        int length = src.readableBytes();
        int dstStart = dst.writerIndex();
        Deflater deflater = deflaters.borrow();
        try {
            ByteBuffer input = src.nioBuffer(src.readerIndex(), length);
            CRC32 crc = new CRC32();
            crc.update(input.duplicate());
            dst.writeBytes(HEADER);
            deflater.setInput(input);
            deflater.finish();
            // Start with room for a fair compression ratio; the loop grows dst (doubling) if it needs more.
            int chunk = Math.max(256, length >>> 2);
            while (!deflater.finished()) {
                dst.ensureWritable(chunk);
                deflateInto(deflater, dst);
                chunk = Math.max(chunk, dst.writerIndex() - dstStart);
            }
            dst.writeIntLE((int) crc.getValue());
            dst.writeIntLE(length);
            src.skipBytes(length);
        } catch (RuntimeException e) {
            dst.writerIndex(dstStart);
            throw Buffers.compressFailed(TYPE, e);
        } finally {
            deflaters.release(deflater);
        }
    }

    private static void deflateInto(Deflater deflater, ByteBuf dst) {
        int writable = dst.writableBytes();
        if (Buffers.isSingleRegion(dst)) {
            ByteBuffer out = dst.nioBuffer(dst.writerIndex(), writable);
            int n = deflater.deflate(out);
            dst.writerIndex(dst.writerIndex() + n);
        } else {
            // A composite spanning several components has no single view to write into.
            byte[] staging = new byte[Math.min(writable, 64 * 1024)];
            int n = deflater.deflate(staging);
            dst.writeBytes(staging, 0, n);
        }
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc) {
        return decompress(src, alloc, Integer.MAX_VALUE);
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        int start = src.readerIndex();
        int end = src.writerIndex();
        ByteBuffer input = src.nioBuffer(start, end - start);
        int base = input.position();
        ByteBuf out = alloc.buffer(Buffers.initialCapacity(sizeHint(src, start, end), maxBytes));
        Inflater inflater = INFLATERS.borrow();
        try {
            int pos = start;
            int members = 0;
            do {
                int dataStart;
                try {
                    dataStart = skipHeader(src, pos, end, start);
                } catch (ProtocolException e) {
                    if (members == 0) {
                        throw e;
                    }
                    break; // trailing bytes that are not another member: ignored, as GZIPInputStream does
                }
                inflater.reset();
                ByteBuffer data = input.duplicate();
                data.position(base + dataStart - start);
                int memberStart = out.writerIndex();
                inflateMember(inflater, data, out, maxBytes);
                int trailer = start + data.position() - base;
                checkTrailer(src, trailer, end, start, out, memberStart);
                pos = trailer + TRAILER_SIZE;
                members++;
            } while (pos < end);
            src.readerIndex(end);
            return out;
        } catch (ProtocolException | Error e) {
            out.release();
            throw e;
        } catch (DataFormatException | RuntimeException e) {
            out.release();
            Buffers.rethrowFatal(e);
            throw Buffers.corrupt(TYPE, e);
        } finally {
            INFLATERS.release(inflater);
        }
    }

    /** The last four bytes are the (last) member's ISIZE: a good first guess at the output size, bounded. */
    private static long sizeHint(ByteBuf src, int start, int end) {
        int length = end - start;
        if (length < HEADER_SIZE + TRAILER_SIZE) {
            return 64;
        }
        long isize = src.getUnsignedIntLE(end - 4);
        return Math.min(isize, (long) length * MAX_RATIO);
    }

    private static void inflateMember(Inflater inflater, ByteBuffer data, ByteBuf out, int maxBytes)
            throws DataFormatException {
        inflater.setInput(data);
        while (!inflater.finished()) {
            int window = Buffers.window(out, maxBytes, TYPE);
            ByteBuffer target = out.nioBuffer(out.writerIndex(), window);
            int n = inflater.inflate(target);
            out.writerIndex(out.writerIndex() + n);
            Buffers.checkLimit(out, maxBytes, TYPE);
            if (n == 0 && !inflater.finished()) {
                if (inflater.needsDictionary()) {
                    throw Buffers.corrupt(TYPE, "deflate stream needs a preset dictionary");
                }
                if (inflater.needsInput()) {
                    throw Buffers.truncated(TYPE, "deflate stream ends before its last block");
                }
                if (window > 0 && out.isWritable()) {
                    throw Buffers.corrupt(TYPE, "inflater made no progress");
                }
            }
        }
    }

    /** Validates the member header at {@code pos} and returns the index where its deflate data starts. */
    private static int skipHeader(ByteBuf src, int pos, int end, int start) {
        require(src, pos, HEADER_SIZE, end, start, "member header");
        if (src.getUnsignedByte(pos) != 0x1f || src.getUnsignedByte(pos + 1) != 0x8b) {
            throw Buffers.corrupt(TYPE, "not in gzip format (bad magic at offset " + (pos - start) + ")");
        }
        if (src.getUnsignedByte(pos + 2) != Deflater.DEFLATED) {
            throw Buffers.corrupt(TYPE, "unsupported compression method " + src.getUnsignedByte(pos + 2));
        }
        int flags = src.getUnsignedByte(pos + 3);
        int p = pos + HEADER_SIZE;
        if ((flags & FEXTRA) != 0) {
            require(src, p, 2, end, start, "FEXTRA length");
            int extra = src.getUnsignedShortLE(p);
            require(src, p + 2, extra, end, start, "FEXTRA field");
            p += 2 + extra;
        }
        if ((flags & FNAME) != 0) {
            p = skipZeroTerminated(src, p, end, start, "FNAME");
        }
        if ((flags & FCOMMENT) != 0) {
            p = skipZeroTerminated(src, p, end, start, "FCOMMENT");
        }
        if ((flags & FHCRC) != 0) {
            require(src, p, 2, end, start, "FHCRC");
            CRC32 crc = new CRC32();
            crc.update(src.nioBuffer(pos, p - pos));
            if (src.getUnsignedShortLE(p) != ((int) crc.getValue() & 0xffff)) {
                throw Buffers.corrupt(TYPE, "header CRC mismatch");
            }
            p += 2;
        }
        return p;
    }

    private static int skipZeroTerminated(ByteBuf src, int p, int end, int start, String field) {
        int zero = src.indexOf(p, end, (byte) 0);
        if (zero < 0) {
            throw Buffers.truncated(TYPE, field, p - start, end - p + 1, end - p);
        }
        return zero + 1;
    }

    private static void checkTrailer(ByteBuf src, int trailer, int end, int start, ByteBuf out, int memberStart) {
        require(src, trailer, TRAILER_SIZE, end, start, "member trailer");
        int length = out.writerIndex() - memberStart;
        CRC32 crc = new CRC32();
        crc.update(out.nioBuffer(memberStart, length));
        if (src.getIntLE(trailer) != (int) crc.getValue()) {
            throw Buffers.corrupt(TYPE, "CRC-32 mismatch");
        }
        if (src.getIntLE(trailer + 4) != length) {
            throw Buffers.corrupt(TYPE, "ISIZE " + src.getUnsignedIntLE(trailer + 4) + " does not match " + length
                    + " decompressed bytes");
        }
    }

    private static void require(ByteBuf src, int pos, int needed, int end, int start, String what) {
        if (end - pos < needed) {
            throw Buffers.truncated(TYPE, what, pos - start, needed, end - pos);
        }
    }

    @Override
    public String toString() {
        return "gzip(level=" + level + ")";
    }
}
