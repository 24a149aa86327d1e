package dev.kurier.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Compares Kurier's codecs with kafka-clients' generated message classes, the oracle: same bytes both ways,
 * each side reads the other's bytes to the same values, and every truncation is a {@link ProtocolException}.
 * Buffers come from a pooled allocator and are released here, so the leak check sees any our codecs keep.
 */
final class KafkaOracle {

    static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    static final UUID ID_A = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    static final UUID ID_B = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    static final UUID ID_C = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

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

    // ---- serialization on each side ---------------------------------------------------------------

    /** Kafka's serialization of {@code message} at {@code version}. */
    static byte[] kafkaBytes(Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = message.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        message.write(new ByteBufferAccessor(buffer), cache, version);
        assertThat(buffer.remaining()).as("kafka wrote exactly its computed size").isZero();
        return buffer.array();
    }

    /** Kafka's parse of {@code bytes}, which must consume them all. */
    static <M> M kafkaRead(byte[] bytes, KafkaReader<M> reader, short version) {
        ByteBufferAccessor accessor = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
        M message = reader.read(accessor, version);
        assertThat(accessor.remaining()).as("kafka consumed every byte").isZero();
        return message;
    }

    /** Kurier's serialization of {@code value} at {@code version}, through a pooled buffer released here. */
    static <T> byte[] ourBytes(T value, Writer<T> writer, short version) {
        ByteBuf out = ALLOC.buffer();
        try {
            writer.write(value, out, version);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /**
     * Kurier's parse of {@code bytes} from a pooled direct buffer, which must consume them all. The buffer is
     * released here: a result that keeps retained slices keeps its memory alive until the result is released.
     */
    static <T> T readOurs(byte[] bytes, Reader<T> reader, short version) {
        ByteBuf in = ALLOC.directBuffer(bytes.length);
        try {
            in.writeBytes(bytes);
            T value = reader.read(in, version);
            assertThat(in.readableBytes()).as("our reader consumed every byte").isZero();
            return value;
        } finally {
            in.release();
        }
    }

    // ---- the oracle checks ------------------------------------------------------------------------

    /** {@link #assertSameAsKafka(Object, Writer, Reader, Message, KafkaReader, short, Consumer)} for values without buffers. */
    static <T, M extends Message> void assertSameAsKafka(T ours, Writer<T> writer, Reader<T> reader, M kafka,
                                                         KafkaReader<M> kafkaReader, short version) {
        assertSameAsKafka(ours, writer, reader, kafka, kafkaReader, version, parsed -> { });
    }

    /**
     * The full oracle check at one version: our bytes equal Kafka's; we read Kafka's bytes back to {@code ours}
     * and write that again to the same bytes; Kafka reads our bytes back to {@code kafka}; every proper prefix of
     * the bytes fails with {@link ProtocolException}.
     *
     * @param release releases a value of ours that {@code reader} returned (a no-op for values without buffers)
     */
    static <T, M extends Message> void assertSameAsKafka(T ours, Writer<T> writer, Reader<T> reader, M kafka,
                                                         KafkaReader<M> kafkaReader, short version, Consumer<T> release) {
        byte[] theirs = kafkaBytes(kafka, version);
        byte[] mine = ourBytes(ours, writer, version);
        assertThat(hex(mine)).as("our bytes at v%d", version).isEqualTo(hex(theirs));

        T parsed = readOurs(theirs, reader, version);
        try {
            assertThat(parsed).as("our read of Kafka's bytes at v%d", version).usingRecursiveComparison()
                    .withEqualsForType(ByteBuf::equals, ByteBuf.class).isEqualTo(ours);
            assertThat(ourBytes(parsed, writer, version)).as("re-encoding our read at v%d", version).isEqualTo(theirs);
        } finally {
            release.accept(parsed);
        }

        assertThat(kafkaRead(mine, kafkaReader, version)).as("Kafka's read of our bytes at v%d", version)
                .isEqualTo(kafka);

        assertTruncationsFail(theirs, reader, version, release);
    }

    /**
     * {@link #assertSameAsKafka(Object, Writer, Reader, Message, KafkaReader, short, Consumer)} with Kafka's data
     * built from ours by {@code toKafka}, which must also turn our read of Kafka's bytes into that same data.
     */
    static <T, M extends Message> void assertSameAsKafkaVia(Function<T, M> toKafka, T ours, Writer<T> writer,
                                                            Reader<T> reader, KafkaReader<M> kafkaReader, short version,
                                                            Consumer<T> release) {
        M kafka = toKafka.apply(ours);
        assertSameAsKafka(ours, writer, reader, kafka, kafkaReader, version, release);
        T parsed = readOurs(kafkaBytes(kafka, version), reader, version);
        try {
            assertThat(toKafka.apply(parsed)).as("our read, as Kafka data, at v%d", version).isEqualTo(kafka);
        } finally {
            release.accept(parsed);
        }
    }

    /** {@link #assertTruncationsFail(byte[], Reader, short, Consumer)} for values without buffers. */
    static <T> void assertTruncationsFail(byte[] bytes, Reader<T> reader, short version) {
        assertTruncationsFail(bytes, reader, version, parsed -> { });
    }

    /** Every proper prefix of {@code bytes} makes {@code reader} throw {@link ProtocolException}, never an index error. */
    static <T> void assertTruncationsFail(byte[] bytes, Reader<T> reader, short version, Consumer<T> release) {
        for (int length = 0; length < bytes.length; length++) {
            ByteBuf in = ALLOC.buffer(length);
            try {
                in.writeBytes(bytes, 0, length);
                assertThatThrownBy(() -> release.accept(reader.read(in, version)))
                        .as("prefix of %d of %d bytes at v%d", length, bytes.length, version)
                        .isInstanceOf(ProtocolException.class);
            } finally {
                in.release();
            }
        }
    }

    /**
     * Neither side writes the value at {@code version}, which cannot carry one of its fields: ours throws
     * {@link UnsupportedVersionException} with a message containing each of {@code messageParts}, Kafka its own.
     */
    static <T> void assertNeitherWrites(T ours, Writer<T> writer, Message kafka, short version, String... messageParts) {
        var refusal = assertThatThrownBy(() -> ourBytes(ours, writer, version))
                .as("our write at v%d", version).isInstanceOf(UnsupportedVersionException.class);
        for (String part : messageParts) {
            refusal.hasMessageContaining(part);
        }
        assertThatThrownBy(() -> kafkaBytes(kafka, version)).as("Kafka's write at v%d", version)
                .isInstanceOf(org.apache.kafka.common.errors.UnsupportedVersionException.class);
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

    // ---- Kafka's view of headers, ids and records --------------------------------------------------

    /** Kafka's request header version for {@code api} at {@code version}. */
    static short kafkaRequestHeaderVersion(ApiKey api, short version) {
        return ApiMessageType.fromApiKey(api.id).requestHeaderVersion(version);
    }

    /** Kafka's response header version for {@code api} at {@code version}. */
    static short kafkaResponseHeaderVersion(ApiKey api, short version) {
        return ApiMessageType.fromApiKey(api.id).responseHeaderVersion(version);
    }

    static Uuid kafka(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** A kafka-built record batch (two records, one with a null key, one with a header) as raw bytes. */
    static byte[] sampleRecords(long baseOffset, String tag) {
        MemoryRecords records = MemoryRecords.withRecords(baseOffset, Compression.NONE,
                new SimpleRecord(1_700_000_000_000L, ("k-" + tag).getBytes(), ("v-" + tag).getBytes()),
                new SimpleRecord(1_700_000_000_005L, null, ("w-" + tag).getBytes(), new Header[] {
                    new org.apache.kafka.common.header.internals.RecordHeader("h", new byte[] {1, 2})}));
        return Utils.toArray(records.buffer());
    }

    /** Kafka's MemoryRecords over a copy of {@code records}' readable bytes, or null. */
    static MemoryRecords kafkaRecords(ByteBuf records) {
        return records == null ? null : MemoryRecords.readableRecords(ByteBuffer.wrap(ByteBufUtil.getBytes(records)));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
