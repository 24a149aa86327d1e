package dev.kurier.client.network;

import dev.kurier.client.errors.SslAuthenticationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ResourceLeakDetector;

/**
 * Splits the inbound byte stream into size-prefixed Kafka frames. The int32 size is checked against
 * {@code max.response.size} as soon as it arrives, before any frame buffer exists, so a corrupt or hostile
 * length can never make us allocate. Emits each frame (without its prefix) as a buffer of its own that the next
 * handler releases.
 *
 * <p>Each frame is copied once, from the socket's read buffers into a heap buffer of exactly the frame's size taken
 * when the prefix arrives: no cumulation buffer that grows (and is copied) as a multi-megabyte fetch response comes in
 * 64 KiB at a time, and no read buffer kept alive by a slice. Heap, because the consumer parses records from the
 * buffer's array and copies values out with {@code Arrays.copyOfRange}, where a direct buffer needs a copy per record
 * first.
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {

    /**
     * Frames come from the channel's allocator, which tracks them for leaks, only when leak detection is set to
     * advanced or paranoid (as in the tests). Otherwise each is a plain array of one buffer class: the allocator would
     * hand out pooled buffers for small frames, other classes for large ones, and wrap a sample in a leak-aware class,
     * and every class that reaches the record decoder's buffer calls makes the JIT throw away and recompile the
     * consumer's hot loop.
     */
    private static final boolean TRACKED = ResourceLeakDetector.getLevel().ordinal()
            >= ResourceLeakDetector.Level.ADVANCED.ordinal();

    private final Endpoint broker;
    private final int maxFrameSize;
    private final boolean tracked;
    /** The length prefix read so far (it may arrive split over reads) and how many of its bytes. */
    private int prefix;
    private int prefixBytes;
    /** The frame being filled, or {@code null} between frames. */
    private ByteBuf frame;
    /** Set after a bad length: the stream has no frame boundaries any more, so the rest is dropped. */
    private boolean failed;

    FrameDecoder(Endpoint broker, int maxFrameSize) {
        this(broker, maxFrameSize, TRACKED);
    }

    /** With {@code tracked}: frames from the channel's allocator (leak-tracked), else plain arrays (tests of both). */
    FrameDecoder(Endpoint broker, int maxFrameSize, boolean tracked) {
        this.broker = broker;
        this.maxFrameSize = maxFrameSize;
        this.tracked = tracked;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            while (!failed && in.isReadable()) {
                if (frame == null) {
                    if (prefixBytes == 0 && in.readableBytes() >= 4) {
                        prefix = in.readInt();
                        prefixBytes = 4;
                    } else {
                        prefix = (prefix << 8) | in.readUnsignedByte();
                        prefixBytes++;
                    }
                    if (prefixBytes < 4) {
                        continue;
                    }
                    int size = prefix;
                    prefix = 0;
                    prefixBytes = 0;
                    check(size);
                    frame = tracked ? ctx.alloc().heapBuffer(size, size) : Unpooled.wrappedBuffer(new byte[size]).clear();
                }
                int n = Math.min(in.readableBytes(), frame.writableBytes());
                frame.writeBytes(in, n);
                if (!frame.isWritable()) {
                    ByteBuf done = frame;
                    frame = null;
                    ctx.fireChannelRead(done);
                }
            }
        } finally {
            in.release();
        }
    }

    private void check(int size) {
        if (size < 4) {
            failed = true;
            throw new CorruptResponseException(broker, "frame length " + size + " is too small to hold a header", null);
        }
        if (size > maxFrameSize) {
            failed = true;
            int type = size >>> 24;
            if ((type == 0x15 || type == 0x16) && ((size >>> 16) & 0xff) == 0x03) {
                // A TLS alert or handshake record read as a length: this port speaks TLS.
                throw new SslAuthenticationException(SslAuthenticationException.Reason.EXPECTS_TLS, "broker " + broker
                        + " answered in TLS: the listener expects TLS; set security.protocol to SSL or SASL_SSL", null);
            }
            throw new CorruptResponseException(broker, "frame length " + size + " exceeds max.response.size "
                    + maxFrameSize, null);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseFrame();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseFrame();
    }

    /** Drops a frame cut off by the connection's end: nobody will complete it. */
    private void releaseFrame() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }
}
