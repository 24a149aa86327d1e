package dev.kurier.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;

/**
 * Test support: serializes messages with kafka-clients (the oracle) and with our codecs, and runs the standard
 * both-ways comparison.
 */
final class Oracle {

    static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private Oracle() {
    }

    /** Every version of {@code api} that Kurier implements. */
    static Stream<Short> versions(ApiKey api) {
        return IntStream.rangeClosed(api.minVersion, api.maxVersion).mapToObj(v -> (short) v);
    }

    /** kafka-clients' serialization of {@code data} at {@code version}. */
    static byte[] kafkaBytes(ApiMessage data, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = data.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        data.write(new ByteBufferAccessor(buffer), cache, version);
        assertThat(buffer.remaining()).as("kafka wrote exactly its computed size").isZero();
        return buffer.array();
    }

    /** Our serialization, through {@code writer}, into a pooled buffer that is released here. */
    static byte[] ourBytes(BiConsumer<ByteBuf, Short> writer, short version) {
        ByteBuf out = ALLOC.buffer();
        try {
            writer.accept(out, version);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Parses {@code bytes} with kafka-clients' generated constructor. */
    static <K> K kafkaRead(byte[] bytes, short version, BiFunction<Readable, Short, K> ctor) {
        ByteBufferAccessor accessor = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
        K data = ctor.apply(accessor, version);
        assertThat(accessor.remaining()).as("kafka consumed every byte").isZero();
        return data;
    }

    /**
     * Parses {@code bytes} with our reader from a pooled direct buffer (released here; a result that keeps retained
     * slices keeps the memory alive) and checks every byte was consumed.
     */
    static <T> T ourRead(byte[] bytes, Function<ByteBuf, T> reader) {
        ByteBuf in = ALLOC.directBuffer(bytes.length);
        try {
            in.writeBytes(bytes);
            T value = reader.apply(in);
            assertThat(in.readableBytes()).as("our reader consumed every byte").isZero();
            return value;
        } finally {
            in.release();
        }
    }

    /**
     * The standard oracle check for one message at one version.
     *
     * @param ours our message, holding exactly what this version carries
     * @param writer writes ours (or a parsed copy) at a version
     * @param reader our parser
     * @param toKafka converts one of ours into kafka's generated data
     * @param kafkaCtor kafka's parsing constructor
     * @param release releases a parsed message of ours (no-op for messages without buffers)
     */
    static <T, K extends ApiMessage> void check(short version, T ours, BiConsumer<T, ByteBuf> writer,
                                                  BiFunction<ByteBuf, Short, T> reader, Function<T, K> toKafka,
                                                  BiFunction<Readable, Short, K> kafkaCtor, Consumer<T> release) {
        K theirs = toKafka.apply(ours);
        byte[] kafka = kafkaBytes(theirs, version);
        byte[] mine = ourBytes((out, v) -> writer.accept(ours, out), version);
        assertThat(ByteBufUtil.hexDump(mine)).as("our bytes at v%d", version).isEqualTo(ByteBufUtil.hexDump(kafka));

        T parsed = ourRead(kafka, in -> reader.apply(in, version));
        try {
            assertThat(parsed).as("our parse of kafka's bytes at v%d", version).isEqualTo(ours);
            assertThat(toKafka.apply(parsed)).as("our parse, as kafka data").isEqualTo(theirs);
            byte[] again = ourBytes((out, v) -> writer.accept(parsed, out), version);
            assertThat(again).as("re-encoding our parse").isEqualTo(kafka);
        } finally {
            release.accept(parsed);
        }

        K kafkaParsed = kafkaRead(mine, version, kafkaCtor);
        assertThat(kafkaParsed).as("kafka's parse of our bytes at v%d", version).isEqualTo(theirs);

        assertEveryTruncationFails(kafka, version, reader, release);
    }

    /** Every strict prefix of a valid message must fail with {@link ProtocolException} (never IndexOutOfBounds). */
    static <T> void assertEveryTruncationFails(byte[] bytes, short version, BiFunction<ByteBuf, Short, T> reader,
                                               Consumer<T> release) {
        for (int n = 0; n < bytes.length; n++) {
            ByteBuf in = ALLOC.buffer(n);
            try {
                in.writeBytes(bytes, 0, n);
                int length = n;
                assertThatThrownBy(() -> release.accept(reader.apply(in, version)))
                        .as("reading the first %d of %d bytes at v%d", length, bytes.length, version)
                        .isInstanceOf(ProtocolException.class);
            } finally {
                in.release();
            }
        }
    }

    /** A kafka-built record batch (two records, one with a null key, one with a header) as raw bytes. */
    static byte[] sampleRecords(long baseOffset, String tag) {
        org.apache.kafka.common.record.MemoryRecords records = org.apache.kafka.common.record.MemoryRecords.withRecords(
                baseOffset, org.apache.kafka.common.compress.Compression.NONE,
                new org.apache.kafka.common.record.SimpleRecord(1_700_000_000_000L, ("k-" + tag).getBytes(),
                        ("v-" + tag).getBytes()),
                new org.apache.kafka.common.record.SimpleRecord(1_700_000_000_005L, null, ("w-" + tag).getBytes(),
                        new org.apache.kafka.common.header.Header[] {
                            new org.apache.kafka.common.header.internals.RecordHeader("h", new byte[] {1, 2})}));
        return org.apache.kafka.common.utils.Utils.toArray(records.buffer());
    }

    /** Kafka's MemoryRecords over a copy of {@code records}' readable bytes, or null. */
    static org.apache.kafka.common.record.MemoryRecords kafkaRecords(ByteBuf records) {
        return records == null ? null
                : org.apache.kafka.common.record.MemoryRecords.readableRecords(ByteBuffer.wrap(ByteBufUtil.getBytes(records)));
    }

    static Uuid kafka(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    static UUID ours(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    static final UUID ID_A = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    static final UUID ID_B = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    static final UUID ID_C = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
}
