package dev.kurier.client.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the inbound byte stream into size-prefixed Kafka frames. The int32 size is checked against
 * {@code max.response.size} as soon as it arrives, before any frame buffer exists, so a corrupt or hostile
 * length can never make us allocate. Emits each frame (without its prefix) as a retained slice that the next
 * handler releases.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private final Endpoint broker;
    private final int maxFrameSize;

    FrameDecoder(Endpoint broker, int maxFrameSize) {
        this.broker = broker;
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int size = in.getInt(in.readerIndex());
            if (size < 4) {
                throw new CorruptResponseException(broker, "frame length " + size + " is too small to hold a header", null);
            }
            if (size > maxFrameSize) {
                throw new CorruptResponseException(broker, "frame length " + size + " exceeds max.response.size "
                        + maxFrameSize, null);
            }
            if (in.readableBytes() < 4 + size) {
                return;
            }
            in.skipBytes(4);
            out.add(in.readRetainedSlice(size));
        }
    }
}
