package dev.kurier.client.protocol.compression;

import static dev.kurier.client.protocol.compression.CodecTestSupport.concat;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafka;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafkaCompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafkaDecompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.ourCompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.ourDecompress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.kurier.client.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** zstd frames with and without content size, several frames, checksums, and lying content sizes. */
class ZstdFramingTest {

    private static final CompressionType ZSTD = CompressionType.ZSTD;
    private static final byte[] DATA = CodecTestSupport.text(300_000, 6);

    @Test
    void readsKafkasFramesWhichHaveNoContentSize() {
        byte[] data = concat(DATA, new byte[2 << 20], CodecTestSupport.random(100_000, 1));
        byte[] frame = kafkaCompress(kafka(ZSTD), data);
        assertThat(Zstd.getFrameContentSize(frame)).as("unknown content size").isEqualTo(-1);
        RecordingAllocator alloc = new RecordingAllocator(true);
        assertThat(ourDecompress(CompressionCodecs.forType(ZSTD), frame, alloc, Integer.MAX_VALUE)).isEqualTo(data);
        assertThat(alloc.largestRequest()).as("starts small and grows").isLessThan(data.length);
    }

    @Test
    void ourFramesDeclareTheirContentSizeAndAreDecodedInOneAllocation() {
        byte[] frame = ourCompress(ZSTD, DATA);
        assertThat(Zstd.getFrameContentSize(frame)).isEqualTo(DATA.length);
        RecordingAllocator alloc = new RecordingAllocator(true);
        assertThat(ourDecompress(CompressionCodecs.forType(ZSTD), frame, alloc, Integer.MAX_VALUE)).isEqualTo(DATA);
        assertThat(alloc.largestRequest()).isEqualTo(DATA.length);
    }

    @Test
    void readsConcatenatedAndSkippableFramesLikeKafka() {
        byte[] skippable = ByteBuffer.allocate(8 + 5).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x184D2A50).putInt(5).put(new byte[] {1, 2, 3, 4, 5}).array();
        byte[] other = CodecTestSupport.random(10_000, 2);
        byte[] joined = concat(skippable, ourCompress(ZSTD, DATA), kafkaCompress(kafka(ZSTD), other));
        assertThat(ourDecompress(ZSTD, joined)).isEqualTo(concat(DATA, other));
        assertThat(kafkaDecompress(kafka(ZSTD), joined)).isEqualTo(concat(DATA, other));
    }

    @Test
    void verifiesFrameChecksumsWhenPresent() {
        byte[] frame;
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            frame = ctx.setLevel(3).setChecksum(true).compress(DATA);
        }
        assertThat(ourDecompress(ZSTD, frame)).isEqualTo(DATA);
        frame[frame.length - 1] ^= 1;
        assertThatThrownBy(() -> ourDecompress(ZSTD, frame))
                .isInstanceOf(ProtocolException.class).hasMessageStartingWith("zstd: corrupt compressed data")
                .hasMessageContaining("hecksum");
    }

    @Test
    void rejectsTruncatedFramesAndTrailingGarbage() {
        byte[] frame = kafkaCompress(kafka(ZSTD), DATA);
        for (int cut : new int[] {1, 4, 10, frame.length / 2, frame.length - 1}) {
            byte[] truncated = Arrays.copyOf(frame, cut);
            assertThatThrownBy(() -> ourDecompress(ZSTD, truncated)).as("cut at " + cut)
                    .isInstanceOf(ProtocolException.class).hasMessageStartingWith("zstd: ");
        }
        byte[] trailing = concat(frame, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> ourDecompress(ZSTD, trailing)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> kafkaDecompress(kafka(ZSTD), trailing)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aLyingContentSizeDoesNotDriveTheAllocation() {
        // A valid 1000-byte frame whose header is patched to declare 1 GiB (4-byte field, FHD 0x80 => 4 bytes).
        byte[] frame;
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            frame = ctx.setLevel(3).compress(new byte[1000]);
        }
        int fhd = frame[4] & 0xFF;
        assertThat(fhd >> 6).as("content size field of 2 bytes").isEqualTo(1);
        // Rebuild the header with a 4-byte content size of 1 GiB and single-segment kept off.
        byte[] lying = concat(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, (byte) 0x80, 0x50},
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30).array(),
                Arrays.copyOfRange(frame, 7, frame.length));
        assertThat(Zstd.getFrameContentSize(lying)).isEqualTo(1L << 30);
        RecordingAllocator alloc = new RecordingAllocator(true);
        assertThatThrownBy(() -> ourDecompress(CompressionCodecs.forType(ZSTD), lying, alloc, Integer.MAX_VALUE))
                .isInstanceOf(ProtocolException.class);
        assertThat(alloc.largestRequest()).isLessThanOrEqualTo(Buffers.PRESIZE_CAP);

        assertThatThrownBy(() -> ourDecompress(CompressionCodecs.forType(ZSTD), lying, alloc, 1 << 20))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the limit of 1048576");
    }

    @Test
    void rejectsEmptyInput() {
        assertThatThrownBy(() -> ourDecompress(ZSTD, new byte[0]))
                .isInstanceOf(ProtocolException.class).hasMessage("zstd: truncated compressed data: empty input");
    }
}
