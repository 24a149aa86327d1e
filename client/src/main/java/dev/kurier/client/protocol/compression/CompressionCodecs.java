package dev.kurier.client.protocol.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Looks up the {@link CompressionCodec} for a {@link CompressionType}. */
public final class CompressionCodecs {

    private CompressionCodecs() {
    }

    /**
     * The codec for {@code type}.
     *
     * @throws IllegalStateException if the codec's optional library is not on the classpath, naming it
     */
    public static CompressionCodec forType(CompressionType type) {
        if (type == CompressionType.NONE) {
            return None.INSTANCE;
        }
        throw new IllegalStateException("compression codec " + type.configName + " is not available yet");
    }

    private enum None implements CompressionCodec {
        INSTANCE;

        @Override
        public CompressionType type() {
            return CompressionType.NONE;
        }

        @Override
        public void compress(ByteBuf src, ByteBuf dst) {
            dst.writeBytes(src);
        }

        @Override
        public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc) {
            ByteBuf out = alloc.buffer(src.readableBytes());
            out.writeBytes(src);
            return out;
        }
    }
}
