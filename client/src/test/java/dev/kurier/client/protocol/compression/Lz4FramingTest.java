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
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The LZ4 frame details beyond what Kafka itself writes: frames from lz4-java's spec-following
 * {@code LZ4FrameOutputStream} (block and content checksums, content size, larger blocks), the legacy
 * broken header checksum, and malformed frames.
 */
class Lz4FramingTest {

    private static final CompressionType LZ4 = CompressionType.LZ4;
    private static final byte[] DATA = CodecTestSupport.text(300_000, 4);

    private static byte[] frame(byte[] data, BLOCKSIZE blockSize, Bits... bits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(bytes, blockSize, data.length, bits)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(BLOCKSIZE.class)
    void readsSpecFramesWithEveryBlockSizeAndOption(BLOCKSIZE blockSize) throws IOException {
        byte[] data = concat(DATA, CodecTestSupport.random(70_000, 7), new byte[5 << 20]);
        for (Bits[] bits : new Bits[][] {
            {Bits.BLOCK_INDEPENDENCE},
            {Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM},
            {Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_CHECKSUM},
            {Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_SIZE},
            {Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM, Bits.CONTENT_CHECKSUM, Bits.CONTENT_SIZE}}) {
            byte[] frame = frame(data, blockSize, bits);
            assertThat(ourDecompress(LZ4, frame)).as(Arrays.toString(bits)).isEqualTo(data);
            assertThat(kafkaDecompress(kafka(LZ4), frame)).as("kafka agrees").isEqualTo(data);
        }
    }

    @Test
    void headerIsKafkasConstantHeader() {
        byte[] empty = ourCompress(LZ4, new byte[0]);
        // magic LE, FLG 0x60, BD 0x40, HC 0x82, end mark
        assertThat(empty).containsExactly(0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x82, 0, 0, 0, 0);
        int hc = (XXHashFactory.fastestInstance().hash32().hash(new byte[] {0x60, 0x40}, 0, 2, 0) >> 8) & 0xFF;
        assertThat(hc).isEqualTo(0x82);
    }

    @Test
    void incompressibleBlocksAreStoredWithTheHighBitSet() {
        byte[] frame = ourCompress(LZ4, CodecTestSupport.random(65_536, 1));
        int word = ByteBuffer.wrap(frame, 7, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(word).isEqualTo(0x80000000 | 65_536);
        assertThat(frame).hasSize(7 + 4 + 65_536 + 4);
    }

    @Test
    void rejectsTheLegacyBrokenHeaderChecksumLikeKafkaDoesForV2() throws IOException {
        // Kafka writes the checksum over magic + descriptor only for magic v0 batches.
        Compression lz4 = kafka(LZ4);
        ByteBufferOutputStream out = new ByteBufferOutputStream(64);
        try (OutputStream stream = lz4.wrapForOutput(out, RecordBatch.MAGIC_VALUE_V0)) {
            stream.write(DATA);
        }
        ByteBuffer buffer = out.buffer().flip();
        byte[] legacy = new byte[buffer.remaining()];
        buffer.get(legacy);

        assertThatThrownBy(() -> ourDecompress(LZ4, legacy))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("lz4").hasMessageContaining("descriptor checksum");
        assertThatThrownBy(() -> kafkaDecompress(lz4, legacy)).hasStackTraceContaining("descriptor corrupted");
    }

    @Test
    void verifiesBlockChecksums() throws IOException {
        byte[] frame = frame(DATA, BLOCKSIZE.SIZE_64KB, Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM);
        int firstBlockSize = ByteBuffer.wrap(frame, 7, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0x7FFFFFFF;
        frame[7 + 4 + firstBlockSize] ^= 1; // first byte of the first block's checksum
        assertThatThrownBy(() -> ourDecompress(LZ4, frame))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("block checksum mismatch");
    }

    @Test
    void verifiesTheContentChecksumPerTheSpec() throws IOException {
        byte[] frame = frame(DATA, BLOCKSIZE.SIZE_64KB, Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_CHECKSUM);
        frame[frame.length - 1] ^= 1;
        assertThatThrownBy(() -> ourDecompress(LZ4, frame))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("content checksum mismatch");
    }

    @Test
    void checksTheDeclaredContentSize() throws IOException {
        byte[] frame = frame(DATA, BLOCKSIZE.SIZE_64KB, Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_SIZE);
        ByteBuffer.wrap(frame, 6, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(DATA.length + 1L);
        frame[14] = headerChecksum(frame, 10);
        assertThatThrownBy(() -> ourDecompress(LZ4, frame))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("declares " + (DATA.length + 1));
    }

    @Test
    void refusesDependentBlocksAndDictionaryIdsLikeKafka() {
        byte[] frame = ourCompress(LZ4, DATA);
        byte[] dependent = frame.clone();
        dependent[4] = 0x40;
        dependent[6] = headerChecksum(dependent, 2);
        assertThatThrownBy(() -> ourDecompress(LZ4, dependent))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("dependent blocks");
        assertThatThrownBy(() -> kafkaDecompress(kafka(LZ4), dependent)).hasStackTraceContaining("Dependent block");

        byte[] dictId = frame.clone();
        dictId[4] = 0x61;
        dictId[6] = headerChecksum(dictId, 2);
        assertThatThrownBy(() -> ourDecompress(LZ4, dictId)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void refusesBlocksLargerThanTheDeclaredMaximum() {
        byte[] header = {0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, (byte) 0x82};
        byte[] frame = concat(header, new byte[] {1, 0, 1, (byte) 0x80}, new byte[65_537], new byte[4]);
        assertThatThrownBy(() -> ourDecompress(LZ4, frame))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the frame's maximum 65536");
    }

    @Test
    void requiresTheEndMarkButIgnoresBytesAfterItLikeKafka() {
        byte[] frame = ourCompress(LZ4, DATA);
        byte[] withoutEndMark = Arrays.copyOf(frame, frame.length - 4);
        assertThatThrownBy(() -> ourDecompress(LZ4, withoutEndMark))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("end mark");

        byte[] trailing = concat(frame, new byte[] {1, 2, 3});
        assertThat(ourDecompress(LZ4, trailing)).isEqualTo(DATA);
        assertThat(kafkaDecompress(kafka(LZ4), trailing)).isEqualTo(DATA);
    }

    @Test
    void takesAStoredZeroSizeBlockAsTheEndMarkLikeKafkaAndLiblz4() {
        byte[] frame = ourCompress(LZ4, DATA);
        frame[frame.length - 1] = (byte) 0x80;
        assertThat(ourDecompress(LZ4, frame)).isEqualTo(DATA);
        assertThat(kafkaDecompress(kafka(LZ4), frame)).isEqualTo(DATA);
    }

    @Test
    void boundsTheOutputByTheBlockHeadersNotByTheContentSizeField() throws IOException {
        byte[] frame = frame(new byte[1000], BLOCKSIZE.SIZE_64KB, Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_SIZE);
        ByteBuffer.wrap(frame, 6, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 30);
        frame[14] = headerChecksum(frame, 10);
        RecordingAllocator alloc = new RecordingAllocator(false);
        assertThatThrownBy(() -> ourDecompress(CompressionCodecs.forType(LZ4), frame, alloc, Integer.MAX_VALUE))
                .isInstanceOf(ProtocolException.class);
        assertThat(alloc.largestRequest()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void kafkaOutputMatchesOursForLargeInputsToo() {
        byte[] data = concat(DATA, new byte[3 << 20], CodecTestSupport.random(200_000, 3));
        assertThat(ourCompress(LZ4, data)).isEqualTo(kafkaCompress(kafka(LZ4), data));
    }

    /** The header checksum over {@code length} descriptor bytes starting at FLG. */
    private static byte headerChecksum(byte[] frame, int length) {
        return (byte) (XXHashFactory.fastestInstance().hash32().hash(frame, 4, length, 0) >> 8);
    }
}
