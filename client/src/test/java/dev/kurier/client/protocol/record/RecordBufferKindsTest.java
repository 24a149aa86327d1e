package dev.kurier.client.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The record decoder reads from a buffer's backing array when it has one and copies each record out of a direct
 * buffer otherwise: both paths (and a composite buffer, and a heap slice whose array does not start at the
 * batch) decode kafka-clients' bytes to the same records, and report a corrupt record the same way.
 */
class RecordBufferKindsTest {

    enum Kind {
        HEAP(b -> Unpooled.wrappedBuffer(b)),
        HEAP_SLICE_WITH_OFFSET(b -> {
            byte[] padded = new byte[b.length + 13];
            System.arraycopy(b, 0, padded, 7, b.length);
            return Unpooled.wrappedBuffer(padded, 7, b.length);
        }),
        DIRECT(b -> Unpooled.directBuffer(b.length).writeBytes(b)),
        COMPOSITE(b -> {
            CompositeByteBuf c = Unpooled.compositeBuffer();
            int half = b.length / 2;
            c.addComponent(true, Unpooled.directBuffer(half).writeBytes(b, 0, half));
            c.addComponent(true, Unpooled.wrappedBuffer(b, half, b.length - half));
            return c;
        });

        final Function<byte[], ByteBuf> make;

        Kind(Function<byte[], ByteBuf> make) {
            this.make = make;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void everyBufferKindDecodesKafkasBytesAlike(Kind kind) {
        List<KafkaRecords.Input> inputs = new ArrayList<>(KafkaRecords.variedInputs());
        inputs.addAll(KafkaRecords.manyInputs(60)); // values up to ~5 KB: 2-byte length varints and bigger records
        inputs.add(new KafkaRecords.Input(1_700_000_000_000L, KafkaRecords.bytes("big"), new byte[20_000], List.of()));
        byte[] bytes = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(1000), Compression.NONE, inputs);
        ByteBuf buf = kind.make.apply(bytes);
        try {
            RecordBatch batch = RecordBatch.wrap(buf);
            batch.ensureValid();
            int i = 0;
            try (RecordIterator records = batch.records()) {
                while (records.hasNext()) {
                    Record r = records.next();
                    KafkaRecords.Input in = inputs.get(i);
                    assertThat(r.offset()).isEqualTo(1000L + i);
                    assertThat(r.timestamp()).isEqualTo(in.timestamp());
                    assertThat(r.keyBytes()).isEqualTo(in.key());
                    assertThat(r.valueBytes()).isEqualTo(in.value());
                    assertThat(r.keySize()).isEqualTo(in.key() == null ? -1 : in.key().length);
                    assertThat(r.valueSize()).isEqualTo(in.value() == null ? -1 : in.value().length);
                    if (in.value() != null) {
                        assertThat(io.netty.buffer.ByteBufUtil.getBytes(r.value())).isEqualTo(in.value());
                    }
                    assertThat(r.headers()).hasSize(in.headers().size());
                    for (int h = 0; h < in.headers().size(); h++) {
                        assertThat(r.headers().get(h).key()).isEqualTo(in.headers().get(h).key());
                        assertThat(r.headers().get(h).value()).isEqualTo(in.headers().get(h).value());
                    }
                    i++;
                }
            }
            assertThat(i).isEqualTo(inputs.size());
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void aRecordWhoseFieldRunsPastItsLengthIsATypedErrorOnEveryBufferKind(Kind kind) {
        List<KafkaRecords.Input> inputs = List.of(
                new KafkaRecords.Input(1L, KafkaRecords.bytes("a"), KafkaRecords.bytes("1"), List.of()),
                new KafkaRecords.Input(2L, KafkaRecords.bytes("b"), KafkaRecords.bytes("2"), List.of()));
        byte[] bytes = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(0), Compression.NONE, inputs);
        // Record layout: length, attributes, timestampDelta, offsetDelta, keyLength: claim a 63-byte key.
        bytes[RecordBatch.RECORDS_OFFSET + 4] = 0x7e;
        ByteBuf buf = kind.make.apply(bytes);
        try (RecordIterator records = RecordBatch.wrap(buf).records()) {
            assertThatThrownBy(records::next).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("record 0 of 2 in the batch at base offset 0")
                    .hasMessageContaining("truncated record field");
            assertThat(records.hasNext()).isFalse();
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void copyingOutOfAReleasedBufferIsRefused(Kind kind) {
        byte[] bytes = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(0), Compression.NONE,
                KafkaRecords.variedInputs());
        ByteBuf buf = kind.make.apply(bytes);
        Record first;
        try (RecordIterator records = RecordBatch.wrap(buf).records()) {
            first = records.next();
        }
        buf.release();
        assertThatThrownBy(first::valueBytes).isInstanceOf(io.netty.util.IllegalReferenceCountException.class);
    }
}
