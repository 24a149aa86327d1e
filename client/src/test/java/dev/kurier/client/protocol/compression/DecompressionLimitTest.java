package dev.kurier.client.protocol.compression;

import static dev.kurier.client.protocol.compression.CodecTestSupport.kafka;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafkaCompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.ourCompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.ourDecompress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code decompress(src, alloc, maxBytes)}: a decompression bomb stops at the bound, before the memory is spent. */
class DecompressionLimitTest {

    private static final byte[] ZEROS = new byte[4 << 20];

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void decodesUpToTheLimitAndNotOneByteMore(CompressionType type) {
        CompressionCodec codec = CompressionCodecs.forType(type);
        byte[][] inputs = type == CompressionType.NONE
                ? new byte[][] {ZEROS}
                : new byte[][] {ourCompress(type, ZEROS), kafkaCompress(kafka(type), ZEROS)};
        for (byte[] compressed : inputs) {
            UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, false, false);
            assertThat(ourDecompress(codec, compressed, alloc, ZEROS.length)).hasSize(ZEROS.length);
            assertThatThrownBy(() -> ourDecompress(codec, compressed, alloc, ZEROS.length - 1))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessage(type.configName + ": decompressed data exceeds the limit of " + (ZEROS.length - 1) + " bytes");
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void aSmallLimitStopsABombEarly(CompressionType type) {
        for (byte[] bomb : new byte[][] {ourCompress(type, ZEROS), kafkaCompress(kafka(type), ZEROS)}) {
            RecordingAllocator alloc = new RecordingAllocator(false);
            assertThatThrownBy(() -> ourDecompress(CompressionCodecs.forType(type), bomb, alloc, 10_000))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the limit of 10000 bytes");
            assertThat(alloc.largestRequest()).isLessThanOrEqualTo(Math.max(10_001, bomb.length));
        }
    }

    @Test
    void theDefaultMethodChecksForCodecsThatDoNotStream() {
        CompressionCodec plain = new CompressionCodec() {
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
                return alloc.buffer().writeBytes(src);
            }
        };
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, false, false);
        assertThat(ourDecompress(plain, new byte[100], alloc, 100)).hasSize(100);
        assertThatThrownBy(() -> ourDecompress(plain, new byte[100], alloc, 99))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the limit of 99");
    }
}
