package dev.kurier.client.protocol.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Compresses and decompresses the records section of a record batch, in Kafka's framing for the codec.
 * Implementations are stateless and thread-safe. Obtain one with {@link CompressionCodecs#forType}.
 */
public interface CompressionCodec {

    /** The codec this implements. */
    CompressionType type();

    /** Appends the compressed form of {@code src}'s readable bytes to {@code dst}; {@code src} is consumed. */
    void compress(ByteBuf src, ByteBuf dst);

    /**
     * Returns a new buffer, allocated from {@code alloc}, holding the decompressed form of {@code src}'s
     * readable bytes. The caller owns (and releases) the result; {@code src} is consumed but not released.
     *
     * @throws dev.kurier.client.protocol.ProtocolException if the input is not valid for this codec
     */
    ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc);
}
