package dev.kurier.client.protocol.compression;

import dev.kurier.client.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * ByteBuf plumbing shared by the codecs: which memory a native library can be handed directly, how output
 * buffers grow under a size limit, and the exceptions for bad input.
 */
final class Buffers {

    /**
     * Largest output buffer allocated up front from a size the input declares (zstd content size, gzip
     * ISIZE, lz4 block headers). Sizes above it are untrusted until the data is really produced, so the
     * buffer starts here and grows only as decompression fills it.
     */
    static final int PRESIZE_CAP = 16 << 20;

    /** Smallest step by which a streaming decoder's output grows; after that it doubles. */
    static final int MIN_GROWTH = 4096;

    private Buffers() {
    }

    /** True if {@code buf} is one direct memory region, so a ByteBuffer view shares its memory. */
    static boolean isSingleDirect(ByteBuf buf) {
        return buf.isDirect() && buf.nioBufferCount() == 1;
    }

    /** True if {@code buf} can hand out a ByteBuffer view that shares its memory (heap or direct). */
    static boolean isSingleRegion(ByteBuf buf) {
        return buf.nioBufferCount() == 1;
    }

    /** A new buffer of the requested kind holding a copy of {@code length} bytes of {@code src} at {@code index}. */
    static ByteBuf copy(ByteBuf src, int index, int length, ByteBufAllocator alloc, boolean direct) {
        ByteBuf copy = direct ? alloc.directBuffer(length) : alloc.heapBuffer(length);
        copy.writeBytes(src, index, length);
        return copy;
    }

    /**
     * Makes {@code out} writable for the next step of a streaming decoder and returns how many bytes that
     * step may write: everything writable, but never so much that {@code out} would hold more than
     * {@code maxBytes + 1} bytes. Writing that one extra byte is how callers detect the limit, with
     * {@link #checkLimit}. Growth doubles the buffer, starting at {@link #MIN_GROWTH}.
     */
    static int window(ByteBuf out, int maxBytes, CompressionType type) {
        int size = checkLimit(out, maxBytes, type);
        long allowed = (long) maxBytes + 1 - size;
        if (!out.isWritable()) {
            long grow = Math.min(allowed, Math.max(MIN_GROWTH, size));
            grow = Math.min(grow, Integer.MAX_VALUE - (long) size);
            if (grow <= 0) {
                throw tooLarge(type, maxBytes);
            }
            out.ensureWritable((int) grow);
        }
        return (int) Math.min(out.writableBytes(), allowed);
    }

    /** Returns the bytes in {@code out} (whose reader index is 0), throwing if they exceed {@code maxBytes}. */
    static int checkLimit(ByteBuf out, int maxBytes, CompressionType type) {
        int size = out.writerIndex();
        if (size > maxBytes) {
            throw tooLarge(type, maxBytes);
        }
        return size;
    }

    /** Output capacity to start with, from an untrusted size estimate, the caller's limit and {@link #PRESIZE_CAP}. */
    static int initialCapacity(long estimate, int maxBytes) {
        long capped = Math.min(Math.min(estimate, (long) maxBytes + 1), PRESIZE_CAP);
        return (int) Math.max(capped, 0);
    }

    /** Decompressed data would exceed the caller's bound. */
    static ProtocolException tooLarge(CompressionType type, int maxBytes) {
        return new DecompressionLimitException(type.configName + ": decompressed data exceeds the limit of " + maxBytes
                + " bytes");
    }

    /** The compressed input is not valid for the codec. */
    static ProtocolException corrupt(CompressionType type, String what) {
        return new ProtocolException(type.configName + ": corrupt compressed data: " + what);
    }

    /** The compressed input is not valid for the codec, as reported by its library. */
    static ProtocolException corrupt(CompressionType type, Throwable cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new ProtocolException(type.configName + ": corrupt compressed data: " + detail, cause);
    }

    /** The input ends before {@code needed} bytes at {@code offset} (relative to its start). */
    static ProtocolException truncated(CompressionType type, String what, int offset, int needed, int left) {
        return new ProtocolException(type.configName + ": truncated compressed data: " + what + " needs " + needed
                + " bytes at offset " + offset + ", " + left + " left");
    }

    /** The compressed input ends early. */
    static ProtocolException truncated(CompressionType type, String what) {
        return new ProtocolException(type.configName + ": truncated compressed data: " + what);
    }

    /** A library failed while compressing valid input: a bug or resource problem, not bad data. */
    static IllegalStateException compressFailed(CompressionType type, Throwable cause) {
        return new IllegalStateException(type.configName + " compression failed: " + cause, cause);
    }

    /** Rethrows errors that must never be wrapped (the JVM is in trouble, or the caller broke refcounts). */
    static void rethrowFatal(Throwable t) {
        if (t instanceof VirtualMachineError error) {
            throw error;
        }
        if (t instanceof io.netty.util.IllegalReferenceCountException e) {
            throw e;
        }
    }
}
