package dev.kurier.client.protocol.compression;

import dev.kurier.client.protocol.ProtocolException;
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

    /**
     * Like {@link #decompress(ByteBuf, ByteBufAllocator)}, but fails as soon as the output would exceed
     * {@code maxBytes}. A few KiB of gzip or zstd can legitimately expand to gigabytes, so a consumer that
     * does not trust its brokers (or wants a hard memory ceiling per batch) passes its own bound here.
     * The codecs of this package stop decompressing at the bound; this default, for other implementations,
     * can only check afterwards.
     *
     * @throws ProtocolException if the input is not valid for this codec or expands beyond {@code maxBytes}
     */
    default ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        ByteBuf out = decompress(src, alloc);
        if (out.readableBytes() > maxBytes) {
            out.release();
            throw Buffers.tooLarge(type(), maxBytes);
        }
        return out;
    }
}
