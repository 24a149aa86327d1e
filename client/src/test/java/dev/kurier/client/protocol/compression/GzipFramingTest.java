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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** gzip members beyond the JDK's minimal header, multi-member input, trailers, and lying size fields. */
class GzipFramingTest {

    private static final CompressionType GZIP = CompressionType.GZIP;
    private static final byte[] DATA = CodecTestSupport.text(100_000, 3);

    /** A member with every optional header field (FEXTRA, FNAME, FCOMMENT, FHCRC). */
    private static byte[] memberWithAllHeaderFields(byte[] data, boolean goodHeaderCrc) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 1, 2, 3, 4, 0, 3});
        header.writeBytes(new byte[] {5, 0, 'x', 'y', 'z', 'z', 'y'});
        header.writeBytes("records.bin\0".getBytes(StandardCharsets.ISO_8859_1));
        header.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        CRC32 crc = new CRC32();
        crc.update(header.toByteArray());
        int headerCrc = (int) crc.getValue() & 0xffff;
        header.write(goodHeaderCrc ? headerCrc : headerCrc ^ 1);
        header.write(headerCrc >>> 8);
        return concat(header.toByteArray(), rawDeflate(data), trailer(data));
    }

    private static byte[] rawDeflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] trailer(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).putInt(data.length).array();
    }

    @Test
    void writesTheJdkHeaderAndAStandardTrailer() {
        byte[] member = ourCompress(GZIP, DATA);
        assertThat(member).startsWith(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
        assertThat(member).endsWith(trailer(DATA));
    }

    @Test
    void readsEveryOptionalHeaderFieldLikeKafka() {
        byte[] member = memberWithAllHeaderFields(DATA, true);
        assertThat(ourDecompress(GZIP, member)).isEqualTo(DATA);
        assertThat(kafkaDecompress(kafka(GZIP), member)).isEqualTo(DATA);
    }

    @Test
    void verifiesTheHeaderCrcLikeKafka() {
        byte[] member = memberWithAllHeaderFields(DATA, false);
        assertThatThrownBy(() -> ourDecompress(GZIP, member))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("header CRC");
        assertThatThrownBy(() -> kafkaDecompress(kafka(GZIP), member)).hasStackTraceContaining("Corrupt GZIP header");
    }

    @Test
    void readsConcatenatedMembersLikeKafka() {
        byte[] other = CodecTestSupport.random(50_000, 5);
        byte[] joined = concat(kafkaCompress(kafka(GZIP), DATA), memberWithAllHeaderFields(other, true),
                ourCompress(GZIP, new byte[0]));
        assertThat(ourDecompress(GZIP, joined)).isEqualTo(concat(DATA, other));
        assertThat(kafkaDecompress(kafka(GZIP), joined)).isEqualTo(concat(DATA, other));
    }

    @Test
    void ignoresTrailingBytesThatAreNotAMemberLikeKafka() {
        for (byte[] garbage : new byte[][] {{0}, {0x1f}, {0x1f, (byte) 0x8b, 8}, "garbage after the member".getBytes()}) {
            byte[] input = concat(ourCompress(GZIP, DATA), garbage);
            assertThat(ourDecompress(GZIP, input)).isEqualTo(DATA);
            assertThat(kafkaDecompress(kafka(GZIP), input)).isEqualTo(DATA);
        }
    }

    @Test
    void rejectsCrcAndLengthMismatchesLikeKafka() {
        byte[] badCrc = ourCompress(GZIP, DATA);
        badCrc[badCrc.length - 8] ^= 1;
        assertThatThrownBy(() -> ourDecompress(GZIP, badCrc))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("CRC-32 mismatch");
        assertThatThrownBy(() -> kafkaDecompress(kafka(GZIP), badCrc)).isInstanceOf(RuntimeException.class);

        byte[] badLength = ourCompress(GZIP, DATA);
        badLength[badLength.length - 4] ^= 1;
        assertThatThrownBy(() -> ourDecompress(GZIP, badLength))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ISIZE");
        assertThatThrownBy(() -> kafkaDecompress(kafka(GZIP), badLength)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void rejectsNonGzipInput() {
        assertThatThrownBy(() -> ourDecompress(GZIP, DATA))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not in gzip format");
        byte[] otherMethod = ourCompress(GZIP, DATA);
        otherMethod[2] = 7;
        assertThatThrownBy(() -> ourDecompress(GZIP, otherMethod))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("compression method 7");
    }

    @Test
    void aLyingIsizeDoesNotDriveTheAllocation() {
        byte[] member = ourCompress(GZIP, new byte[100_000]);
        ByteBuffer.wrap(member, member.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1);
        RecordingAllocator alloc = new RecordingAllocator(false);
        assertThatThrownBy(() -> ourDecompress(CompressionCodecs.forType(GZIP), member, alloc, Integer.MAX_VALUE))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ISIZE");
        // Deflate expands at most ~1032:1, so a ~100-byte member may ask for ~100 KiB, never 4 GiB.
        assertThat(alloc.largestRequest()).isLessThan(member.length * 1033);
    }
}
