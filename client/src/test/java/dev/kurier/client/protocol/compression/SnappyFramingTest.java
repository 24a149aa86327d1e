package dev.kurier.client.protocol.compression;

import static dev.kurier.client.protocol.compression.CodecTestSupport.concat;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafka;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafkaCompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafkaDecompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.ourCompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.ourDecompress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyOutputStream;

/** The xerial framing's corners: raw fallback, concatenation, chunk sizes, and lying length fields. */
class SnappyFramingTest {

    private static final CompressionType SNAPPY = CompressionType.SNAPPY;
    private static final byte[] DATA = CodecTestSupport.text(100_000, 2);
    private static final byte[] HEADER = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};

    @Test
    void writesTheXerialHeaderAndThirtyTwoKibChunks() throws IOException {
        byte[] framed = ourCompress(SNAPPY, DATA);
        assertThat(Arrays.copyOf(framed, 16)).isEqualTo(HEADER);
        int chunks = 0;
        long uncompressed = 0;
        for (int p = 16; p < framed.length; chunks++) {
            int length = ByteBuffer.wrap(framed, p, 4).getInt();
            uncompressed += Snappy.uncompressedLength(framed, p + 4, length);
            p += 4 + length;
        }
        assertThat(chunks).isEqualTo(4); // 100 000 bytes = 3 x 32 KiB + 1 696
        assertThat(uncompressed).isEqualTo(DATA.length);
        assertThat(ourCompress(SNAPPY, new byte[0])).isEqualTo(HEADER);
    }

    @Test
    void fallsBackToRawSnappyWithoutTheHeaderLikeKafka() throws IOException {
        byte[] raw = Snappy.compress(DATA);
        assertThat(ourDecompress(SNAPPY, raw)).isEqualTo(DATA);
        assertThat(kafkaDecompress(kafka(SNAPPY), raw)).isEqualTo(DATA);
    }

    @Test
    void readsConcatenatedStreamsLikeKafka() {
        byte[] other = CodecTestSupport.random(40_000, 9);
        byte[] joined = concat(kafkaCompress(kafka(SNAPPY), DATA), kafkaCompress(kafka(SNAPPY), other));
        assertThat(ourDecompress(SNAPPY, joined)).isEqualTo(concat(DATA, other));
        assertThat(kafkaDecompress(kafka(SNAPPY), joined)).isEqualTo(concat(DATA, other));
    }

    @Test
    void readsChunksLargerThanThirtyTwoKib() throws IOException {
        // Other writers (and SnappyOutputStream with a block size) use bigger chunks; nothing caps them at 32 KiB.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SnappyOutputStream out = new SnappyOutputStream(bytes, 1 << 20)) {
            out.write(DATA);
        }
        byte[] framed = bytes.toByteArray();
        assertThat(ByteBuffer.wrap(framed, 16, 4).getInt()).isGreaterThan(32 * 1024 / 22);
        assertThat(ourDecompress(SNAPPY, framed)).isEqualTo(DATA);
    }

    @Test
    void rejectsChunkLengthsBeyondTheInput() {
        byte[] framed = ourCompress(SNAPPY, DATA);
        ByteBuffer.wrap(framed, 16, 4).putInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> ourDecompress(SNAPPY, framed))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("snappy: truncated");
    }

    @Test
    void rejectsNegativeAndZeroChunkLengths() {
        for (int length : new int[] {-1, 0, Integer.MIN_VALUE}) {
            byte[] framed = concat(HEADER, ByteBuffer.allocate(4).putInt(length).array(), new byte[8]);
            assertThatThrownBy(() -> ourDecompress(SNAPPY, framed))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("chunk length " + length);
        }
    }

    @Test
    void rejectsBlocksClaimingMoreThanSnappyCanExpandToWithoutAllocatingIt() {
        // A 6-byte block whose preamble claims 2^31 - 1 bytes.
        byte[] block = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0};
        byte[] framed = concat(HEADER, ByteBuffer.allocate(4).putInt(block.length).array(), block);
        RecordingAllocator alloc = new RecordingAllocator(false);
        assertThatThrownBy(() -> ourDecompress(CompressionCodecs.forType(SNAPPY), framed, alloc, Integer.MAX_VALUE))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("claims to expand to 2147483647");
        assertThatThrownBy(() -> ourDecompress(CompressionCodecs.forType(SNAPPY), block, alloc, Integer.MAX_VALUE))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("claims to expand");
        assertThat(alloc.largestRequest()).isZero();
    }

    @Test
    void rejectsABlockWhoseContentDoesNotMatchItsPreamble() throws IOException {
        byte[] block = Snappy.compress(DATA);
        block[0] = (byte) (block[0] - 1); // preamble now one byte short of the real content
        byte[] framed = concat(HEADER, ByteBuffer.allocate(4).putInt(block.length).array(), block);
        assertThatThrownBy(() -> ourDecompress(SNAPPY, framed))
                .isInstanceOf(ProtocolException.class).hasMessageStartingWith("snappy: corrupt compressed data");
    }

    @Test
    void rejectsIncompatibleStreamVersions() {
        byte[] framed = ourCompress(SNAPPY, DATA);
        framed[11] = 0; // version 0
        assertThatThrownBy(() -> ourDecompress(SNAPPY, framed))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("version 0");
    }

    @Test
    void rejectsADanglingPartialChunkLengthWhichKafkaIgnores() {
        byte[] framed = concat(ourCompress(SNAPPY, DATA), new byte[] {0, 0});
        assertThatThrownBy(() -> ourDecompress(SNAPPY, framed))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("chunk length");
        // Documented difference: SnappyInputStream stops silently at a partial length.
        assertThat(kafkaDecompress(kafka(SNAPPY), framed)).isEqualTo(DATA);
    }

    @Test
    void rejectsEmptyInputLikeKafka() {
        assertThatThrownBy(() -> ourDecompress(SNAPPY, new byte[0])).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> kafkaDecompress(kafka(SNAPPY), new byte[0])).isInstanceOf(RuntimeException.class);
    }
}
