package dev.kurier.client.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames cut from the byte stream however the reads split it, bounded by max.response.size before allocation; with
 * frames from the channel's allocator (leak-tracked, as whenever leak detection is advanced or paranoid) and as plain
 * arrays (the default elsewhere).
 */
class FrameDecoderTest {

    private static final Endpoint BROKER = new Endpoint("broker-1", 9092);

    private static byte[] framed(String... bodies) {
        ByteBuf out = Unpooled.buffer();
        try {
            for (String body : bodies) {
                byte[] b = body.getBytes(StandardCharsets.US_ASCII);
                out.writeInt(b.length);
                out.writeBytes(b);
            }
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    /** Feeds {@code stream} in reads of the given sizes (the rest in one last read) and returns the frames' text. */
    private static List<String> decode(boolean tracked, byte[] stream, int... reads) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(BROKER, 1024, tracked));
        int at = 0;
        for (int n : reads) {
            ch.writeInbound(Unpooled.copiedBuffer(stream, at, n));
            at += n;
        }
        if (at < stream.length) {
            ch.writeInbound(Unpooled.copiedBuffer(stream, at, stream.length - at));
        }
        List<String> frames = new ArrayList<>();
        ByteBuf f;
        while ((f = ch.readInbound()) != null) {
            try {
                frames.add(f.toString(StandardCharsets.US_ASCII));
            } finally {
                f.release();
            }
        }
        assertThat(ch.finish()).isFalse();
        return frames;
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {true, false})
    void framesComeOutWholeHoweverTheReadsCutThem(boolean tracked) {
        byte[] stream = framed("first", "second frame", "3rd!");
        assertThat(decode(tracked, stream)).containsExactly("first", "second frame", "3rd!");
        // every cut point, prefixes split included
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(decode(tracked, stream, cut)).as("cut at %d", cut).containsExactly("first", "second frame", "3rd!");
        }
        // one byte per read
        int[] ones = new int[stream.length];
        java.util.Arrays.fill(ones, 1);
        assertThat(decode(tracked, stream, ones)).containsExactly("first", "second frame", "3rd!");
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {true, false})
    void eachFrameIsItsOwnBufferOfExactlyItsSize(boolean tracked) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(BROKER, 1024, tracked));
        ch.writeInbound(Unpooled.wrappedBuffer(framed("abcd", "efghij")));
        ByteBuf a = ch.readInbound();
        ByteBuf b = ch.readInbound();
        try {
            assertThat(a.readableBytes()).isEqualTo(4);
            assertThat(a.capacity()).isEqualTo(4);
            assertThat(b.readableBytes()).isEqualTo(6);
            assertThat(a.hasArray()).as("heap, so records are parsed from the array").isTrue();
            a.setByte(0, 'X'); // independent memory: writing one frame leaves the other alone
            assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("efghij");
        } finally {
            a.release();
            b.release();
        }
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aLengthOverMaxResponseSizeIsRejectedBeforeAnyAllocationAndTheRestIsDropped() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(BROKER, 1024));
        ByteBuf bad = Unpooled.buffer().writeInt(1025).writeBytes(new byte[16]);
        assertThatThrownBy(() -> ch.writeInbound(bad))
                .isInstanceOf(CorruptResponseException.class)
                .hasMessageContaining("1025")
                .hasMessageContaining("max.response.size");
        assertThat(bad.refCnt()).as("the read buffer is released").isZero();
        ch.writeInbound(Unpooled.wrappedBuffer(framed("late")));
        assertThat((Object) ch.readInbound()).as("no frame boundaries after a bad length").isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void aLengthTooSmallForAHeaderIsCorrupt() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(BROKER, 1024));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.buffer().writeInt(-7)))
                .isInstanceOf(CorruptResponseException.class)
                .hasMessageContaining("-7");
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {true, false})
    void aFrameCutOffByTheConnectionsEndIsReleased(boolean tracked) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(BROKER, 1024, tracked));
        byte[] stream = framed("complete", "cut off here");
        ch.writeInbound(Unpooled.copiedBuffer(stream, 0, stream.length - 3));
        ByteBuf whole = ch.readInbound();
        assertThat(whole.toString(StandardCharsets.US_ASCII)).isEqualTo("complete");
        whole.release();
        // closing fires channelInactive: the partial frame is released (the paranoid leak detector would report it)
        assertThat(ch.finish()).isFalse();
    }
}
