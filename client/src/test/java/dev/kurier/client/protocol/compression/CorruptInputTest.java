package dev.kurier.client.protocol.compression;

import static dev.kurier.client.protocol.compression.CodecTestSupport.assertAllReleased;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafka;
import static dev.kurier.client.protocol.compression.CodecTestSupport.kafkaCompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.ourCompress;
import static dev.kurier.client.protocol.compression.CodecTestSupport.ourDecompress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.compression.CodecTestSupport.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input must end in a {@link ProtocolException} naming the codec, never in a library's own exception,
 * an IndexOutOfBoundsException or a leak. Truncations and header damage are always detected; damage inside
 * lz4 and snappy blocks can decode to other bytes (those formats have no checksum by default; the batch
 * CRC-32C catches it), so the fuzzing only requires "same bytes, or ProtocolException".
 */
class CorruptInputTest {

    private static final byte[] DATA = CodecTestSupport.text(150_000, 8);

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void truncationIsAlwaysAProtocolException(CompressionType type) {
        for (byte[] compressed : new byte[][] {ourCompress(type, DATA), kafkaCompress(kafka(type), DATA)}) {
            for (int cut : new int[] {1, 3, 6, 15, 17, 21, compressed.length / 3, compressed.length - 5,
                compressed.length - 1}) {
                byte[] truncated = Arrays.copyOf(compressed, cut);
                assertThatThrownBy(() -> ourDecompress(type, truncated)).as("cut at %d of %d", cut, compressed.length)
                        .isInstanceOf(ProtocolException.class).hasMessageStartingWith(type.configName + ": ");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void damagedMagicIsAProtocolException(CompressionType type) {
        byte[] compressed = ourCompress(type, DATA);
        for (int at = 0; at < 4; at++) {
            byte[] damaged = compressed.clone();
            damaged[at] ^= (byte) 0xA5;
            assertThatThrownBy(() -> ourDecompress(type, damaged)).as("byte %d flipped", at)
                    .isInstanceOf(ProtocolException.class).hasMessageStartingWith(type.configName + ": ");
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void randomDamageNeverEscapesAsAnotherException(CompressionType type) {
        Random random = new Random(type.ordinal());
        byte[][] samples = {ourCompress(type, DATA), kafkaCompress(kafka(type), CodecTestSupport.random(5000, 1))};
        int detected = 0;
        for (int round = 0; round < 400; round++) {
            byte[] damaged = mutate(samples[round % 2], random);
            Kind kind = round % 3 == 0 ? Kind.DIRECT : Kind.HEAP;
            if (!decodesOrThrowsProtocolException(type, damaged, kind)) {
                detected++;
            }
        }
        assertThat(detected).as("most damage is detected").isGreaterThan(100);
    }

    /** One to three byte flips, a truncation, or a splice of random bytes. */
    private static byte[] mutate(byte[] input, Random random) {
        byte[] out = input.clone();
        switch (random.nextInt(4)) {
            case 0, 1 -> {
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    // Bias towards the first bytes, where the framing lives.
                    int at = random.nextBoolean() ? random.nextInt(Math.min(32, out.length)) : random.nextInt(out.length);
                    out[at] ^= (byte) (1 + random.nextInt(255));
                }
                return out;
            }
            case 2 -> {
                return Arrays.copyOf(out, random.nextInt(out.length));
            }
            default -> {
                int at = random.nextInt(out.length);
                byte[] noise = new byte[1 + random.nextInt(16)];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, out, at, Math.min(noise.length, out.length - at));
                return out;
            }
        }
    }

    /** True if the input decoded; false if it was rejected with a ProtocolException; fails otherwise. */
    private static boolean decodesOrThrowsProtocolException(CompressionType type, byte[] input, Kind kind) {
        ByteBufAllocator alloc = kind.newAllocator();
        ByteBuf src = kind.input(alloc, input);
        ByteBuf out = null;
        try {
            out = CompressionCodecs.forType(type).decompress(src, alloc, 8 << 20);
            return true;
        } catch (ProtocolException e) {
            assertThat(e.getMessage()).startsWith(type.configName + ": ");
            return false;
        } catch (Throwable t) {
            fail("%s escaped for input %s", t, Arrays.toString(Arrays.copyOf(input, Math.min(input.length, 40))));
            return false;
        } finally {
            src.release();
            if (out != null) {
                out.release();
            }
            assertAllReleased(alloc);
        }
    }
}
