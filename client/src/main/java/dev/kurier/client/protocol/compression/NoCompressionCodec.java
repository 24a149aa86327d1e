package dev.kurier.client.protocol.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** {@code compression.type=none}: the records are stored as they are. */
enum NoCompressionCodec implements CompressionCodec {
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
        return decompress(src, alloc, Integer.MAX_VALUE);
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        if (src.readableBytes() > maxBytes) {
            throw Buffers.tooLarge(CompressionType.NONE, maxBytes);
        }
        ByteBuf out = alloc.buffer(src.readableBytes());
        out.writeBytes(src);
        return out;
    }

    @Override
    public String toString() {
        return "none";
    }
}
