package dev.kurier.client.protocol.record;

import static dev.kurier.client.protocol.record.KafkaRecords.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kurier.client.protocol.compression.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our record batch writer against kafka-clients' MemoryRecordsBuilder, byte for byte. */
class RecordBatchBuilderTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final org.apache.kafka.common.record.TimestampType CREATE =
            org.apache.kafka.common.record.TimestampType.CREATE_TIME;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("plain", KafkaRecords.Settings.plain(0), KafkaRecords.variedInputs()),
                Arguments.of("idempotent", new KafkaRecords.Settings(0, -1, 123_456_789L, (short) 7, 1000, false, CREATE, -1L),
                        KafkaRecords.variedInputs()),
                Arguments.of("transactional", new KafkaRecords.Settings(77, 12, 42L, (short) 3, Integer.MAX_VALUE - 2, true,
                        CREATE, -1L), KafkaRecords.variedInputs()),
                Arguments.of("log append time", new KafkaRecords.Settings(5, 2, -1L, (short) -1, -1, false,
                        org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, 1_750_000_000_000L),
                        KafkaRecords.variedInputs()),
                Arguments.of("no timestamps", KafkaRecords.Settings.plain(0), List.of(
                        new KafkaRecords.Input(-1L, bytes("a"), bytes("b"), List.of()),
                        new KafkaRecords.Input(-1L, null, bytes("c"), List.of()))),
                Arguments.of("single record", KafkaRecords.Settings.plain(9), List.of(
                        new KafkaRecords.Input(0L, null, null, List.of()))),
                Arguments.of("many records", new KafkaRecords.Settings(1L << 40, 0, 9L, (short) 0, 0, false, CREATE, -1L),
                        KafkaRecords.manyInputs(300)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void byteArrayAppendsMatchKafka(String name, KafkaRecords.Settings settings, List<KafkaRecords.Input> inputs) {
        byte[] expected = KafkaRecords.kafkaBatch(settings, Compression.NONE, inputs);
        RecordBatchBuilder builder = KafkaRecords.configure(new RecordBatchBuilder(ALLOC, CompressionType.NONE, 64), settings);
        for (KafkaRecords.Input in : inputs) {
            int sizeBefore = builder.sizeAfterAppend(in.timestamp(), len(in.key()), len(in.value()), in.headers());
            builder.append(in.timestamp(), in.key(), in.value(), in.headers());
            assertThat(builder.sizeInBytes()).as("sizeAfterAppend is exact").isEqualTo(sizeBefore);
        }
        ByteBuf batch = builder.close();
        try {
            // Copy first: paranoid leak tracking makes per-byte reads of a tracked buffer slow.
            assertThat(ByteBufUtil.hexDump(ByteBufUtil.getBytes(batch))).isEqualTo(ByteBufUtil.hexDump(expected));
            assertThat(batch.readableBytes()).isEqualTo(builder.sizeInBytes());
        } finally {
            batch.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void byteBufAppendsMatchKafkaWithoutConsumingTheirInput(String name, KafkaRecords.Settings settings,
                                                           List<KafkaRecords.Input> inputs) {
        byte[] expected = KafkaRecords.kafkaBatch(settings, Compression.NONE, inputs);
        RecordBatchBuilder builder = KafkaRecords.configure(new RecordBatchBuilder(ALLOC, CompressionType.NONE, 1024), settings);
        for (KafkaRecords.Input in : inputs) {
            // Keys and values inside larger buffers, at a non-zero reader index.
            ByteBuf key = in.key() == null ? null : Unpooled.buffer().writeZero(3).writeBytes(in.key()).skipBytes(3);
            ByteBuf value = in.value() == null ? null : ALLOC.directBuffer().writeByte(9).writeBytes(in.value()).skipBytes(1);
            builder.append(in.timestamp(), key, value, in.headers());
            if (key != null) {
                assertThat(key.readerIndex()).isEqualTo(3);
                key.release();
            }
            if (value != null) {
                assertThat(value.readerIndex()).isEqualTo(1);
                value.release();
            }
        }
        ByteBuf batch = builder.close();
        try {
            assertThat(ByteBufUtil.getBytes(batch)).isEqualTo(expected);
        } finally {
            batch.release();
        }
    }

    @Test
    void kafkaReadsOurBatch() {
        List<KafkaRecords.Input> inputs = KafkaRecords.variedInputs();
        RecordBatchBuilder builder = new RecordBatchBuilder(ALLOC, CompressionType.NONE, 256)
                .producerState(55L, (short) 2, 10).transactional(true);
        for (KafkaRecords.Input in : inputs) {
            builder.append(in.timestamp(), in.key(), in.value(), in.headers());
        }
        ByteBuf batch = builder.close();
        try {
            MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(ByteBufUtil.getBytes(batch)));
            Iterator<MutableRecordBatch> batches = records.batches().iterator();
            MutableRecordBatch kb = batches.next();
            assertThat(batches.hasNext()).isFalse();
            kb.ensureValid();
            assertThat(kb.producerId()).isEqualTo(55L);
            assertThat(kb.producerEpoch()).isEqualTo((short) 2);
            assertThat(kb.baseSequence()).isEqualTo(10);
            assertThat(kb.lastSequence()).isEqualTo(10 + inputs.size() - 1);
            assertThat(kb.isTransactional()).isTrue();
            assertThat(kb.countOrNull()).isEqualTo(inputs.size());
            int i = 0;
            for (org.apache.kafka.common.record.internal.Record r : kb) {
                KafkaRecords.Input in = inputs.get(i);
                assertThat(r.offset()).isEqualTo(i);
                assertThat(r.timestamp()).isEqualTo(in.timestamp());
                assertThat(r.key() == null ? null : org.apache.kafka.common.utils.Utils.toArray(r.key())).isEqualTo(in.key());
                assertThat(r.value() == null ? null : org.apache.kafka.common.utils.Utils.toArray(r.value()))
                        .isEqualTo(in.value());
                assertThat(r.headers()).containsExactly(in.kafkaHeaders());
                i++;
            }
            assertThat(i).isEqualTo(inputs.size());
        } finally {
            batch.release();
        }
    }

    @Test
    void rewritingProducerStateKeepsTheBatchValid() {
        RecordBatchBuilder builder = new RecordBatchBuilder(ALLOC, CompressionType.NONE, 128).producerState(1L, (short) 0, 0);
        builder.append(10L, bytes("k"), bytes("v"), null);
        builder.append(11L, bytes("k2"), bytes("v2"), null);
        ByteBuf batch = builder.close();
        try {
            RecordBatchBuilder.rewriteProducerState(batch, 99L, (short) 4, 321);
            RecordBatch view = RecordBatch.wrap(batch);
            view.ensureValid();
            assertThat(view.producerId()).isEqualTo(99L);
            assertThat(view.producerEpoch()).isEqualTo((short) 4);
            assertThat(view.baseSequence()).isEqualTo(321);
            assertThat(view.lastSequence()).isEqualTo(322);
            MutableRecordBatch kb = MemoryRecords.readableRecords(ByteBuffer.wrap(ByteBufUtil.getBytes(batch)))
                    .batches().iterator().next();
            kb.ensureValid();
            assertThat(kb.producerId()).isEqualTo(99L);
        } finally {
            batch.release();
        }
    }

    @Test
    void sizeEstimatesBoundTheBatchAndHasRoomForAppliesTheLimit() {
        List<RecordHeader> headers = List.of(new RecordHeader("h", new byte[10]));
        int estimate = RecordBatchBuilder.estimateSizeInBytes(3, 100, headers);
        RecordBatchBuilder builder = new RecordBatchBuilder(ALLOC, CompressionType.NONE, 16);
        try {
            assertThat(builder.sizeInBytes()).isEqualTo(RecordBatch.HEADER_SIZE);
            assertThat(builder.hasRoomFor(1L, 3, 100, headers, 10)).as("the first record always fits").isTrue();
            builder.append(1_700_000_000_000L, new byte[3], new byte[100], headers);
            assertThat(estimate).isGreaterThanOrEqualTo(builder.sizeInBytes());
            int after = builder.sizeAfterAppend(1_700_000_000_001L, 3, 100, headers);
            assertThat(builder.hasRoomFor(1_700_000_000_001L, 3, 100, headers, after)).isTrue();
            assertThat(builder.hasRoomFor(1_700_000_000_001L, 3, 100, headers, after - 1)).isFalse();
            assertThat(builder.recordCount()).isEqualTo(1);
        } finally {
            builder.release();
        }
        assertThat(builder.hasRoomFor(0, 0, 0, null, 1 << 20)).isFalse();
    }

    @Test
    void misuseIsRejected() {
        RecordBatchBuilder empty = new RecordBatchBuilder(ALLOC, CompressionType.NONE, 64);
        assertThatThrownBy(empty::close).isInstanceOf(IllegalStateException.class);
        empty.release();
        RecordBatchBuilder b = new RecordBatchBuilder(ALLOC, CompressionType.NONE, 64);
        assertThatThrownBy(() -> b.append(-5L, (byte[]) null, null, null)).isInstanceOf(IllegalArgumentException.class);
        b.append(1L, (byte[]) null, null, null);
        b.close().release();
        assertThatThrownBy(() -> b.append(1L, (byte[]) null, null, null)).isInstanceOf(IllegalStateException.class);
        b.release(); // no-op after close
    }

    @Test
    void compressedBatchesMatchKafkaDecoding() {
        assumeTrue(KafkaRecords.codecAvailable(CompressionType.GZIP), "gzip codec not delivered yet");
        List<KafkaRecords.Input> inputs = KafkaRecords.manyInputs(50);
        RecordBatchBuilder builder = new RecordBatchBuilder(ALLOC, CompressionType.GZIP, 256).producerState(3L, (short) 1, 0);
        for (KafkaRecords.Input in : inputs) {
            builder.append(in.timestamp(), in.key(), in.value(), in.headers());
        }
        ByteBuf batch = builder.close();
        try {
            MutableRecordBatch kb = MemoryRecords.readableRecords(ByteBuffer.wrap(ByteBufUtil.getBytes(batch)))
                    .batches().iterator().next();
            kb.ensureValid();
            assertThat(kb.compressionType()).isEqualTo(org.apache.kafka.common.record.internal.CompressionType.GZIP);
            int i = 0;
            for (org.apache.kafka.common.record.internal.Record r : kb) {
                assertThat(org.apache.kafka.common.utils.Utils.toArray(r.value())).isEqualTo(inputs.get(i).value());
                i++;
            }
            assertThat(i).isEqualTo(inputs.size());
        } finally {
            batch.release();
        }
    }

    private static int len(byte[] b) {
        return b == null ? -1 : b.length;
    }
}
