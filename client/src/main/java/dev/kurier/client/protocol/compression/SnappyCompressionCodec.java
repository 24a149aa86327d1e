package dev.kurier.client.protocol.compression;

import dev.kurier.client.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * {@code compression.type=snappy} in the xerial framing Kafka uses ({@code SnappyOutputStream}):
 * a 16-byte header ({@code 82 'SNAPPY' 00}, int32 version 1, int32 compatible version 1), then for each
 * input chunk of up to 32 KiB an int32 big-endian length and a raw snappy block. Our output is byte for byte
 * what kafka-clients writes.
 *
 * <p>Reading follows {@code SnappyInputStream}: input without the header is one raw snappy block, and a
 * header appearing where a chunk length is expected starts a concatenated stream. Unlike it, a dangling
 * partial length at the end is an error rather than silently ignored.
 *
 * <p>Memory: snappy-java takes byte arrays (any heap ByteBuf, at its array offset) or pairs of direct
 * ByteBuffers, so both kinds of ByteBuf are compressed and decompressed in place. Only mixed kinds (heap
 * in, direct out) or multi-component composites are staged through a pooled temporary buffer. The output
 * of decompression is allocated of the same kind as the input for that reason.
 *
 * <p>Safety: every block's declared length is checked against what snappy can encode at most (a 3-byte
 * copy emits at most 64 bytes, so less than {@value #MAX_EXPANSION} times its compressed size) and against
 * the caller's limit, and is cross-checked with snappy-java's own parse before the native decoder writes:
 * the native decoder trusts the declared length and the destination must hold it.
 */
final class SnappyCompressionCodec implements CompressionCodec {

    /** Input per chunk, as {@code SnappyOutputStream} writes it. */
    static final int CHUNK_SIZE = 32 * 1024;
    /** Upper bound on a snappy block's expansion (64 output bytes from a 3-byte copy element). */
    static final int MAX_EXPANSION = 22;

    private static final CompressionType TYPE = CompressionType.SNAPPY;
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER_SIZE = 16;
    private static final int VERSION = 1;
    private static final int MIN_COMPATIBLE_VERSION = 1;
    /** The first four magic bytes read as a chunk length: a concatenated stream's header follows. */
    private static final int MAGIC_PREFIX = 0x82534E41;

    @Override
    public CompressionType type() {
        return TYPE;
    }

    @Override
    public void compress(ByteBuf src, ByteBuf dst) {
        int dstStart = dst.writerIndex();
        int srcStart = src.readerIndex();
        try {
            dst.writeBytes(MAGIC).writeInt(VERSION).writeInt(MIN_COMPATIBLE_VERSION);
            while (src.isReadable()) {
                int n = Math.min(CHUNK_SIZE, src.readableBytes());
                int bound = Snappy.maxCompressedLength(n);
                dst.ensureWritable(4 + bound);
                int lengthAt = dst.writerIndex();
                int written = compressChunk(src, src.readerIndex(), n, dst, lengthAt + 4, bound);
                dst.setInt(lengthAt, written);
                dst.writerIndex(lengthAt + 4 + written);
                src.skipBytes(n);
            }
        } catch (IOException | SnappyError | RuntimeException e) {
            Buffers.rethrowFatal(e);
            dst.writerIndex(dstStart);
            src.readerIndex(srcStart);
            throw Buffers.compressFailed(TYPE, e);
        }
    }

    /** Compresses {@code n} bytes of src at {@code in} into dst at {@code out}, returning the compressed size. */
    private static int compressChunk(ByteBuf src, int in, int n, ByteBuf dst, int out, int bound) throws IOException {
        if (src.hasArray() && dst.hasArray()) {
            return Snappy.compress(src.array(), src.arrayOffset() + in, n, dst.array(), dst.arrayOffset() + out);
        }
        if (Buffers.isSingleDirect(src) && Buffers.isSingleDirect(dst)) {
            return Snappy.compress(src.nioBuffer(in, n), dst.nioBuffer(out, bound));
        }
        ByteBufAllocator alloc = dst.alloc();
        ByteBuf input = Buffers.copy(src, in, n, alloc, false);
        ByteBuf output = alloc.heapBuffer(bound);
        try {
            int written = Snappy.compress(input.array(), input.arrayOffset(), n, output.array(), output.arrayOffset());
            dst.setBytes(out, output.array(), output.arrayOffset(), written);
            return written;
        } finally {
            input.release();
            output.release();
        }
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc) {
        return decompress(src, alloc, Integer.MAX_VALUE);
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        ByteBuf in = src;
        ByteBuf staged = null;
        if (!src.hasArray() && !Buffers.isSingleDirect(src)) {
            staged = Buffers.copy(src, src.readerIndex(), src.readableBytes(), alloc, false);
            in = staged;
        }
        boolean direct = !in.hasArray();
        ByteBuf out = null;
        try {
            int start = in.readerIndex();
            int end = in.writerIndex();
            if (hasHeader(in, start, end)) {
                long total = scanChunks(in, start, end, maxBytes);
                out = allocate(alloc, direct, Buffers.initialCapacity(total, maxBytes));
                decodeChunks(in, start, end, direct, out, maxBytes);
            } else {
                if (end == start) {
                    throw Buffers.truncated(TYPE, "empty input");
                }
                long declared = declaredLength(in, start, end - start);
                out = allocate(alloc, direct, Buffers.initialCapacity(declared, maxBytes));
                decodeBlock(in, start, end - start, direct, out, maxBytes);
            }
            src.skipBytes(src.readableBytes());
            return out;
        } catch (ProtocolException e) {
            release(out);
            throw e;
        } catch (IOException | SnappyError | RuntimeException e) {
            release(out);
            Buffers.rethrowFatal(e);
            throw Buffers.corrupt(TYPE, e);
        } catch (Error e) {
            release(out);
            throw e;
        } finally {
            release(staged);
        }
    }

    private static ByteBuf allocate(ByteBufAllocator alloc, boolean direct, int capacity) {
        ByteBuf out = direct ? alloc.directBuffer(capacity) : alloc.heapBuffer(capacity);
        if (direct ? !Buffers.isSingleDirect(out) : !out.hasArray()) {
            out.release();
            throw new IllegalStateException("allocator " + alloc + " returned a " + out.getClass().getSimpleName()
                    + " that snappy-java cannot write to directly");
        }
        return out;
    }

    private static boolean hasHeader(ByteBuf in, int start, int end) {
        if (end - start < HEADER_SIZE) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (in.getByte(start + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static void checkVersion(ByteBuf in, int headerAt) {
        int version = in.getInt(headerAt + MAGIC.length);
        if (version < MIN_COMPATIBLE_VERSION) {
            throw Buffers.corrupt(TYPE, "xerial stream version " + version + " is older than " + MIN_COMPATIBLE_VERSION);
        }
    }

    /**
     * Pass one: validates the chunk framing and sums the chunks' declared lengths, so the output can be
     * allocated once. Everything summed is already bounded by {@link #MAX_EXPANSION} and {@code maxBytes}.
     */
    private static long scanChunks(ByteBuf in, int start, int end, int maxBytes) {
        checkVersion(in, start);
        long total = 0;
        int p = start + HEADER_SIZE;
        while (p < end) {
            int length = chunkLength(in, p, start, end);
            if (length == MAGIC_PREFIX) {
                checkVersion(in, p);
                p += HEADER_SIZE;
                continue;
            }
            total += declaredLength(in, p + 4, length);
            if (total > maxBytes) {
                throw Buffers.tooLarge(TYPE, maxBytes);
            }
            p += 4 + length;
        }
        return total;
    }

    /** Pass two: decodes every chunk; framing was validated by {@link #scanChunks}. */
    private static void decodeChunks(ByteBuf in, int start, int end, boolean direct, ByteBuf out, int maxBytes)
            throws IOException {
        int p = start + HEADER_SIZE;
        while (p < end) {
            int length = in.getInt(p);
            if (length == MAGIC_PREFIX) {
                p += HEADER_SIZE;
                continue;
            }
            decodeBlock(in, p + 4, length, direct, out, maxBytes);
            p += 4 + length;
        }
    }

    /**
     * The chunk length at {@code p}, checked to fit in the input; or {@link #MAGIC_PREFIX} if a complete
     * concatenated-stream header starts there.
     */
    private static int chunkLength(ByteBuf in, int p, int start, int end) {
        if (end - p < 4) {
            throw Buffers.truncated(TYPE, "chunk length", p - start, 4, end - p);
        }
        int length = in.getInt(p);
        if (length == MAGIC_PREFIX && hasHeader(in, p, end)) {
            return MAGIC_PREFIX;
        }
        if (length <= 0) {
            throw Buffers.corrupt(TYPE, "chunk length " + length + " at offset " + (p - start));
        }
        if (end - p - 4 < length) {
            throw Buffers.truncated(TYPE, "chunk", p + 4 - start, length, end - p - 4);
        }
        return length;
    }

    /**
     * The uncompressed length a raw snappy block of {@code length} bytes at {@code p} declares in its varint
     * preamble, rejected if snappy could not possibly expand the block that much.
     */
    static int declaredLength(ByteBuf in, int p, int length) {
        long value = 0;
        for (int i = 0; i < 5; i++) {
            if (i >= length) {
                throw Buffers.truncated(TYPE, "block length preamble");
            }
            int b = in.getUnsignedByte(p + i);
            value |= (long) (b & 0x7f) << (7 * i);
            if (b < 0x80) {
                if (value > (long) length * MAX_EXPANSION || value > Integer.MAX_VALUE - 8) {
                    throw Buffers.corrupt(TYPE, "block of " + length + " bytes claims to expand to " + value);
                }
                if (value == 0 && length != 1) {
                    throw Buffers.corrupt(TYPE, "empty block with " + (length - 1) + " trailing bytes");
                }
                return (int) value;
            }
        }
        throw Buffers.corrupt(TYPE, "block length preamble is longer than 5 bytes");
    }

    private static void decodeBlock(ByteBuf in, int p, int length, boolean direct, ByteBuf out, int maxBytes)
            throws IOException {
        int declared = declaredLength(in, p, length);
        if ((long) out.writerIndex() + declared > maxBytes) {
            throw Buffers.tooLarge(TYPE, maxBytes);
        }
        if (declared == 0) {
            return;
        }
        out.ensureWritable(declared);
        int at = out.writerIndex();
        int produced;
        if (direct) {
            ByteBuffer input = in.nioBuffer(p, length);
            if (Snappy.uncompressedLength(input) != declared) {
                throw Buffers.corrupt(TYPE, "block length preamble");
            }
            produced = Snappy.uncompress(input, out.nioBuffer(at, declared));
        } else {
            byte[] input = in.array();
            int offset = in.arrayOffset() + p;
            if (Snappy.uncompressedLength(input, offset, length) != declared) {
                throw Buffers.corrupt(TYPE, "block length preamble");
            }
            produced = Snappy.uncompress(input, offset, length, out.array(), out.arrayOffset() + at);
        }
        if (produced != declared) {
            throw Buffers.corrupt(TYPE, "block produced " + produced + " bytes, declared " + declared);
        }
        out.writerIndex(at + produced);
    }

    private static void release(ByteBuf buf) {
        if (buf != null) {
            buf.release();
        }
    }

    @Override
    public String toString() {
        return "snappy";
    }
}
