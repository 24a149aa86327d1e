package dev.kurier.client.protocol.compression;

import static dev.kurier.client.protocol.compression.CodecTestSupport.afterPrefix;
import static dev.kurier.client.protocol.compression.CodecTestSupport.assertAllReleased;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafka;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafkaCompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafkaDecompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.release;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.protocol.compression.CodecTestSupport.Kind;
import dev.kurier.client.protocol.compression.CodecTestSupport.Shape;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every codec against kafka-clients (the test oracle): what we write, Kafka reads back identically; what Kafka writes,
 * we read back identically; and where the framing is deterministic (gzip, snappy, lz4) our bytes are
 * Kafka's bytes. Each case runs over every buffer kind, and checks that nothing leaks.
 */
class CodecInteropTest {

    private static final List<CompressionType> CODECS =
            List.of(CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD);
    private static final List<Shape> SHAPES = CodecTestSupport.shapes();

    static Stream<Arguments> codecShapeKind() {
        return CODECS.stream().flatMap(type -> SHAPES.stream().flatMap(shape ->
                Stream.of(Kind.values()).map(kind -> Arguments.of(type, shape, kind))));
    }

    static Stream<Arguments> deterministicCodecShape() {
        return Stream.of(CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4)
                .flatMap(type -> SHAPES.stream().map(shape -> Arguments.of(type, shape)));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("codecShapeKind")
    void kafkaReadsWhatWeWrite(CompressionType type, Shape shape, Kind kind) {
        ByteBufAllocator alloc = kind.newAllocator();
        ByteBuf src = kind.input(alloc, shape.data());
        ByteBuf dst = kind.output(alloc);
        try {
            CompressionCodecs.forType(type).compress(src, dst);
            assertThat(src.isReadable()).as("input consumed").isFalse();
            assertThat(kafkaDecompress(kafka(type), afterPrefix(dst))).isEqualTo(shape.data());
        } finally {
            release(src, dst);
        }
        assertAllReleased(alloc);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("codecShapeKind")
    void weReadWhatKafkaWrites(CompressionType type, Shape shape, Kind kind) {
        ByteBufAllocator alloc = kind.newAllocator();
        ByteBuf src = kind.input(alloc, kafkaCompress(kafka(type), shape.data()));
        ByteBuf out = null;
        try {
            out = CompressionCodecs.forType(type).decompress(src, alloc);
            assertThat(src.isReadable()).as("input consumed").isFalse();
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(shape.data());
        } finally {
            release(src, out);
        }
        assertAllReleased(alloc);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("codecShapeKind")
    void roundTripsThroughOurselves(CompressionType type, Shape shape, Kind kind) {
        ByteBufAllocator alloc = kind.newAllocator();
        CompressionCodec codec = CompressionCodecs.forType(type);
        ByteBuf src = kind.input(alloc, shape.data());
        ByteBuf compressed = alloc.buffer();
        ByteBuf out = null;
        try {
            codec.compress(src, compressed);
            out = codec.decompress(compressed, alloc, shape.data().length);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(shape.data());
        } finally {
            release(src, compressed, out);
        }
        assertAllReleased(alloc);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("deterministicCodecShape")
    void ourBytesAreKafkasBytes(CompressionType type, Shape shape) {
        assertThat(compress(CompressionCodecs.forType(type), shape.data()))
                .isEqualTo(kafkaCompress(kafka(type), shape.data()));
    }

    @ParameterizedTest(name = "lz4 level {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3, 9, 12, 17})
    void lz4LevelsMatchKafkaByteForByte(int level) {
        for (Shape shape : List.of(SHAPES.get(3), SHAPES.get(5), SHAPES.get(10))) {
            assertThat(compress(CompressionCodecs.forType(CompressionType.LZ4, level), shape.data()))
                    .as(shape.toString())
                    .isEqualTo(kafkaCompress(kafka(CompressionType.LZ4, level), shape.data()));
        }
    }

    @ParameterizedTest(name = "gzip level {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {-1, 1, 5, 9})
    void gzipLevelsMatchKafkaByteForByte(int level) {
        for (Shape shape : List.of(SHAPES.get(3), SHAPES.get(5), SHAPES.get(10))) {
            assertThat(compress(CompressionCodecs.forType(CompressionType.GZIP, level), shape.data()))
                    .as(shape.toString())
                    .isEqualTo(kafkaCompress(kafka(CompressionType.GZIP, level), shape.data()));
        }
    }

    @ParameterizedTest(name = "zstd level {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {-5, 1, 3, 10, 19})
    void zstdLevelsInteroperate(int level) {
        CompressionCodec codec = CompressionCodecs.forType(CompressionType.ZSTD, level);
        for (Shape shape : List.of(SHAPES.get(3), SHAPES.get(5), SHAPES.get(10))) {
            byte[] ours = compress(codec, shape.data());
            assertThat(kafkaDecompress(kafka(CompressionType.ZSTD), ours)).isEqualTo(shape.data());
            byte[] theirs = kafkaCompress(kafka(CompressionType.ZSTD, level), shape.data());
            assertThat(decompress(codec, theirs)).isEqualTo(shape.data());
        }
    }

    static byte[] compress(CompressionCodec codec, byte[] data) {
        ByteBuf src = Unpooled.buffer(data.length).writeBytes(data);
        ByteBuf dst = Unpooled.buffer();
        try {
            codec.compress(src, dst);
            return ByteBufUtil.getBytes(dst);
        } finally {
            release(src, dst);
        }
    }

    static byte[] decompress(CompressionCodec codec, byte[] compressed) {
        ByteBuf src = Unpooled.buffer(compressed.length).writeBytes(compressed);
        ByteBuf out = codec.decompress(src, ByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            release(src, out);
        }
    }
}
