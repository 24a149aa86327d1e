package dev.kurier.client.protocol.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.kurier.client.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * {@code compression.type=zstd}: standard zstd frames (RFC 8878) via zstd-jni, no dictionary, no checksum,
 * as Kafka writes them. We compress in one shot, so our frames carry the content size; Kafka streams and
 * its frames do not. Both decode anywhere.
 *
 * <p>Decompression streams ({@code ZSTD_decompressStream}) into an output buffer that grows as data comes
 * out, so frames without a content size are fine and the output is bounded by what the input really
 * produces, never by a size field. A declared content size is only used to allocate the output up front
 * (capped at {@link Buffers#PRESIZE_CAP} and the caller's limit); when it fits, zstd decodes straight into
 * it in a single pass. Concatenated and skippable frames are handled by zstd itself; checksums, when a
 * frame has one, are verified.
 *
 * <p>Memory: zstd-jni's streaming and ByteBuffer entry points want direct buffers, so output is direct and
 * heap input is first copied into a pooled direct buffer (compressed input is the small side). Compression
 * works in place for two direct or two heap buffers. The native contexts (a compression context holds
 * about a MiB of tables at the default level, a decompression context up to its window) are reused through
 * a bounded {@link ContextPool}.
 */
final class ZstdCompressionCodec implements CompressionCodec {

    /** Kafka's {@code compression.zstd.level} bounds (zstd's own) and default. */
    static final int MIN_LEVEL = -131072;
    static final int MAX_LEVEL = 22;
    static final int DEFAULT_LEVEL = 3;

    private static final CompressionType TYPE = CompressionType.ZSTD;

    private static final ContextPool<ZstdDecompressCtx> DECOMPRESSORS = new ContextPool<>(
            ZstdDecompressCtx::new, ZstdDecompressCtx::reset, ZstdDecompressCtx::close, ContextPool.DEFAULT_MAX_IDLE);

    private final int level;
    private final ContextPool<ZstdCompressCtx> compressors;

    ZstdCompressionCodec(int level) {
        this.level = level;
        this.compressors = new ContextPool<>(
                () -> new ZstdCompressCtx().setLevel(level), ctx -> { }, ZstdCompressCtx::close,
                ContextPool.DEFAULT_MAX_IDLE);
    }

    @Override
    public CompressionType type() {
        return TYPE;
    }

    @Override
    public void compress(ByteBuf src, ByteBuf dst) {
        int n = src.readableBytes();
        long bound = Zstd.compressBound(n);
        if (bound > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("zstd: " + n + " bytes is too large to compress in one buffer");
        }
        int dstStart = dst.writerIndex();
        dst.ensureWritable((int) bound);
        ZstdCompressCtx ctx = compressors.borrow();
        ByteBuf stagedIn = null;
        ByteBuf stagedOut = null;
        try {
            ByteBuf in = src;
            int inIndex = src.readerIndex();
            ByteBuf out = dst;
            int outIndex = dst.writerIndex();
            boolean arrays = src.hasArray() && dst.hasArray();
            if (!arrays) {
                // Native code needs two byte arrays or two direct buffers: stage whichever side is neither.
                if (!Buffers.isSingleDirect(src)) {
                    stagedIn = Buffers.copy(src, inIndex, n, dst.alloc(), true);
                    in = stagedIn;
                    inIndex = 0;
                }
                if (!Buffers.isSingleDirect(dst)) {
                    stagedOut = dst.alloc().directBuffer((int) bound);
                    out = stagedOut;
                    outIndex = 0;
                }
            }
            int written;
            if (arrays) {
                written = ctx.compressByteArray(out.array(), out.arrayOffset() + outIndex, (int) bound,
                        in.array(), in.arrayOffset() + inIndex, n);
            } else {
                ByteBuffer target = out.nioBuffer(outIndex, (int) bound);
                ByteBuffer input = in.nioBuffer(inIndex, n);
                written = ctx.compressDirectByteBuffer(target, target.position(), (int) bound,
                        input, input.position(), n);
            }
            if (stagedOut != null) {
                dst.writeBytes(stagedOut, 0, written);
            } else {
                dst.writerIndex(dstStart + written);
            }
            src.skipBytes(n);
        } catch (RuntimeException e) {
            Buffers.rethrowFatal(e);
            dst.writerIndex(dstStart);
            throw Buffers.compressFailed(TYPE, e);
        } finally {
            compressors.release(ctx);
            release(stagedIn);
            release(stagedOut);
        }
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc) {
        return decompress(src, alloc, Integer.MAX_VALUE);
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        int length = src.readableBytes();
        if (length == 0) {
            throw Buffers.truncated(TYPE, "empty input");
        }
        ByteBuf staged = null;
        ByteBuf out = null;
        ZstdDecompressCtx ctx = null;
        try {
            ByteBuffer input;
            if (Buffers.isSingleDirect(src)) {
                input = src.nioBuffer(src.readerIndex(), length);
            } else {
                staged = Buffers.copy(src, src.readerIndex(), length, alloc, true);
                input = staged.nioBuffer(0, length);
            }
            long declared = contentSize(input);
            if (declared > maxBytes) {
                throw Buffers.tooLarge(TYPE, maxBytes);
            }
            long estimate = declared >= 0 ? declared : Math.max(Buffers.MIN_GROWTH, 4L * length);
            out = alloc.directBuffer(Math.max(1, Buffers.initialCapacity(estimate, maxBytes)));
            ctx = DECOMPRESSORS.borrow();
            stream(ctx, input, out, maxBytes);
            src.skipBytes(length);
            return out;
        } catch (ProtocolException | Error e) {
            release(out);
            throw e;
        } catch (ZstdException e) {
            release(out);
            throw new ProtocolException(TYPE.configName + ": corrupt compressed data: " + describe(e), e);
        } catch (RuntimeException e) {
            release(out);
            Buffers.rethrowFatal(e);
            throw Buffers.corrupt(TYPE, e);
        } finally {
            if (ctx != null) {
                DECOMPRESSORS.release(ctx);
            }
            release(staged);
        }
    }

    /**
     * zstd's name for the error. zstd-jni before 1.5.7 reports streaming errors with the positive error
     * number and so the name of "no error"; the name of the negated code is the real one.
     */
    private static String describe(ZstdException e) {
        long code = e.getErrorCode();
        if (code > 0 && code < 256) {
            return Zstd.getErrorName(-code);
        }
        return e.getMessage();
    }

    /** The first frame's declared content size, or -1 if it has none or the header is unreadable. */
    private static long contentSize(ByteBuffer input) {
        try {
            long size = Zstd.getDirectByteBufferFrameContentSize(input, input.position(), input.remaining());
            return size >= 0 ? size : -1;
        } catch (RuntimeException e) {
            return -1; // the streaming decoder reports what is wrong with the header
        }
    }

    /** Decompresses all frames in {@code input} into {@code out}, growing it as needed up to the limit. */
    private static void stream(ZstdDecompressCtx ctx, ByteBuffer input, ByteBuf out, int maxBytes) {
        while (true) {
            int window = Buffers.window(out, maxBytes, TYPE);
            int at = out.writerIndex();
            ByteBuffer target = out.nioBuffer(at, window);
            int targetStart = target.position();
            int inputBefore = input.position();
            boolean flushed = ctx.decompressDirectByteBufferStream(target, input);
            int produced = target.position() - targetStart;
            out.writerIndex(at + produced);
            Buffers.checkLimit(out, maxBytes, TYPE);
            boolean roomLeft = produced < window;
            if (!input.hasRemaining()) {
                if (flushed) {
                    return;
                }
                if (roomLeft) {
                    throw Buffers.truncated(TYPE, "frame ends before its last block");
                }
            } else if (produced == 0 && input.position() == inputBefore && roomLeft) {
                throw Buffers.corrupt(TYPE, "decoder made no progress");
            }
        }
    }

    private static void release(ByteBuf buf) {
        if (buf != null) {
            buf.release();
        }
    }

    @Override
    public String toString() {
        return "zstd(level=" + level + ")";
    }
}
