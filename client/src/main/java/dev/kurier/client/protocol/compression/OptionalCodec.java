package dev.kurier.client.protocol.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * A codec whose library is an optional dependency: whether it can be used, and if not, why. The library is
 * looked up by a marker class without initialising it; only when that succeeds is the codec class (which
 * links against the library) created, and it must then pass a round trip, which loads any native code.
 * Probing happens once per codec, in {@link CompressionCodecs}' per-codec holders, so NONE and GZIP users
 * never touch these libraries.
 */
final class OptionalCodec {

    private final CompressionType type;
    private final IntFunction<CompressionCodec> factory;
    private final CompressionCodec defaultCodec;
    private final String problem;
    private final Throwable cause;

    private OptionalCodec(CompressionType type, IntFunction<CompressionCodec> factory, CompressionCodec defaultCodec,
                          String problem, Throwable cause) {
        this.type = type;
        this.factory = factory;
        this.defaultCodec = defaultCodec;
        this.problem = problem;
        this.cause = cause;
    }

    /**
     * Probes for {@code markerClass} in {@code loader}; if present, builds the default-level codec with
     * {@code factory} and checks it round-trips a few bytes.
     *
     * @param artifact the Maven {@code groupId:artifactId} to name when the library is missing
     */
    static OptionalCodec probe(CompressionType type, String markerClass, String artifact, ClassLoader loader,
                               IntFunction<CompressionCodec> factory, int defaultLevel) {
        try {
            Class.forName(markerClass, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return new OptionalCodec(type, factory, null,
                    "compression.type=" + type.configName + " needs " + artifact + " on the classpath", e);
        }
        try {
            CompressionCodec codec = factory.apply(defaultLevel);
            selfTest(codec);
            return new OptionalCodec(type, factory, codec, null, null);
        } catch (Throwable t) {
            Buffers.rethrowFatal(t);
            return new OptionalCodec(type, factory, null, "compression.type=" + type.configName + ": " + artifact
                    + " is on the classpath but could not be initialised (" + t + ")", t);
        }
    }

    /** Round-trips a short text through {@code codec}, from a heap slice at a non-zero array offset. */
    private static void selfTest(CompressionCodec codec) {
        byte[] text = "kurier kurier kurier compression self-test".getBytes(StandardCharsets.US_ASCII);
        byte[] padded = new byte[text.length + 7];
        System.arraycopy(text, 0, padded, 7, text.length);
        ByteBuf wrapped = Unpooled.wrappedBuffer(padded);
        ByteBuf compressed = UnpooledByteBufAllocator.DEFAULT.heapBuffer();
        ByteBuf restored = null;
        try {
            codec.compress(wrapped.slice(7, text.length), compressed);
            restored = codec.decompress(compressed, UnpooledByteBufAllocator.DEFAULT);
            if (!Arrays.equals(ByteBufUtil.getBytes(restored), text)) {
                throw new IllegalStateException("round trip returned different bytes");
            }
        } finally {
            wrapped.release();
            compressed.release();
            if (restored != null) {
                restored.release();
            }
        }
    }

    /** True if the codec can be used. */
    boolean available() {
        return defaultCodec != null;
    }

    /** The default-level codec. */
    CompressionCodec get() {
        if (defaultCodec == null) {
            throw unavailable();
        }
        return defaultCodec;
    }

    /** A new codec at {@code level} (already validated). */
    CompressionCodec create(int level) {
        if (defaultCodec == null) {
            throw unavailable();
        }
        return factory.apply(level);
    }

    private CompressionUnavailableException unavailable() {
        return new CompressionUnavailableException(type, problem, cause);
    }
}
