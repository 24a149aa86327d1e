package dev.kurier.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.protocol.types.RawTaggedField;

/**
 * Compares a Kurier codec with kafka-clients' generated message classes, the oracle: same bytes both ways,
 * each side reads the other's bytes to the same values, and every truncation is a {@link ProtocolException}.
 */
final class KafkaOracle {

    private KafkaOracle() {
    }

    /** Writes a Kurier value at a version. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T value, ByteBuf out, short version);
    }

    /** Reads a Kurier value at a version. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ByteBuf in, short version);
    }

    /** Reads a kafka-clients message at a version (its {@code (Readable, short)} constructor). */
    @FunctionalInterface
    interface KafkaReader<M> {
        M read(Readable in, short version);
    }

    /** The versions Kurier implements for {@code api}, for {@code @MethodSource}. */
    static Stream<Short> versions(ApiKey api) {
        return IntStream.rangeClosed(api.minVersion, api.maxVersion).mapToObj(v -> (short) v);
    }

    /** Kafka's serialization of {@code message} at {@code version}. */
    static byte[] kafkaBytes(Message message, short version) {
        ByteBuffer buffer = MessageUtil.toByteBufferAccessor(message, version).buffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** Kurier's serialization of {@code value} at {@code version}. */
    static <T> byte[] ourBytes(T value, Writer<T> writer, short version) {
        ByteBuf buf = Unpooled.buffer();
        try {
            writer.write(value, buf, version);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Reads {@code bytes} with a Kurier reader and checks it consumed them all. */
    static <T> T readOurs(byte[] bytes, Reader<T> reader, short version) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            T value = reader.read(buf, version);
            assertThat(buf.readableBytes()).as("bytes left unread").isZero();
            return value;
        } finally {
            buf.release();
        }
    }

    /**
     * The full oracle check: our bytes equal Kafka's; we read Kafka's bytes back to {@code ours}; Kafka reads
     * our bytes back to {@code kafka}; every proper prefix of the bytes fails with {@link ProtocolException}.
     */
    static <T, M extends Message> void assertSameAsKafka(T ours, Writer<T> writer, Reader<T> reader, M kafka,
            KafkaReader<M> kafkaReader, short version) {
        byte[] theirs = kafkaBytes(kafka, version);
        byte[] mine = ourBytes(ours, writer, version);
        assertThat(hex(mine)).as("bytes at v%d", version).isEqualTo(hex(theirs));

        T parsed = readOurs(theirs, reader, version);
        assertThat(parsed).as("our read of Kafka's bytes at v%d", version).usingRecursiveComparison().isEqualTo(ours);

        M back = kafkaReader.read(new ByteBufferAccessor(ByteBuffer.wrap(mine)), version);
        assertThat(back).as("Kafka's read of our bytes at v%d", version).isEqualTo(kafka);

        assertTruncationsFail(theirs, reader, version);
    }

    /** Every proper prefix of {@code bytes} makes {@code reader} throw {@link ProtocolException}. */
    static <T> void assertTruncationsFail(byte[] bytes, Reader<T> reader, short version) {
        for (int length = 0; length < bytes.length; length++) {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes, 0, length);
            try {
                assertThatThrownBy(() -> reader.read(buf, version))
                        .as("prefix of %d of %d bytes at v%d", length, bytes.length, version)
                        .isInstanceOf(ProtocolException.class);
            } finally {
                buf.release();
            }
        }
    }

    /**
     * Kafka's bytes for {@code kafkaWithUnknownTags} (the same message plus tagged fields we do not know) read
     * to {@code ours}: unknown tags are skipped, wherever they sit.
     */
    static <T> void assertSkipsUnknownTags(T ours, Reader<T> reader, Message kafkaWithUnknownTags, short version) {
        byte[] theirs = kafkaBytes(kafkaWithUnknownTags, version);
        T parsed = readOurs(theirs, reader, version);
        assertThat(parsed).as("read with unknown tags at v%d", version).usingRecursiveComparison().isEqualTo(ours);
        assertTruncationsFail(theirs, reader, version);
    }

    /** Adds an unknown tagged field (tag 90 + n, 3 bytes) to {@code message}; returns it for chaining. */
    static <M extends Message> M withUnknownTag(M message, int n) {
        message.unknownTaggedFields().add(new RawTaggedField(90 + n, new byte[] {1, 2, (byte) n}));
        return message;
    }

    /** Kafka's request header version for {@code api} at {@code version}. */
    static short kafkaRequestHeaderVersion(ApiKey api, short version) {
        return ApiMessageType.fromApiKey(api.id).requestHeaderVersion(version);
    }

    /** Kafka's response header version for {@code api} at {@code version}. */
    static short kafkaResponseHeaderVersion(ApiKey api, short version) {
        return ApiMessageType.fromApiKey(api.id).responseHeaderVersion(version);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
