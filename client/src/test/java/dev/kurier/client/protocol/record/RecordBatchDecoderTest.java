package dev.kurier.client.protocol.record;

import static dev.kurier.client.protocol.record.KafkaRecords.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.compression.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our batch decoder on batches kafka-clients wrote, and on truncated and corrupt input. */
class RecordBatchDecoderTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    static Stream<Arguments> cases() {
        return RecordBatchBuilderTest.cases();
    }

    /** Kafka's view of the single batch in {@code bytes}. */
    private static MutableRecordBatch kafkaBatch(byte[] bytes) {
        return MemoryRecords.readableRecords(ByteBuffer.wrap(bytes)).batches().iterator().next();
    }

    private static ByteBuf direct(byte[] bytes) {
        return ALLOC.directBuffer(bytes.length).writeBytes(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesKafkaBatchesLikeKafka(String name, KafkaRecords.Settings settings, List<KafkaRecords.Input> inputs) {
        byte[] bytes = KafkaRecords.kafkaBatch(settings, Compression.NONE, inputs);
        MutableRecordBatch theirs = kafkaBatch(bytes);
        ByteBuf buf = direct(bytes);
        try {
            RecordBatchIterator batches = new RecordBatchIterator(buf, true);
            assertThat(batches.hasNext()).isTrue();
            RecordBatch ours = batches.next();
            assertThat(batches.hasNext()).isFalse();
            assertThat(batches.partialBytes()).isZero();
            assertThat(buf.readerIndex()).as("iteration does not move the reader index").isZero();

            assertThat(ours.baseOffset()).isEqualTo(theirs.baseOffset());
            assertThat(ours.lastOffset()).isEqualTo(theirs.lastOffset());
            assertThat(ours.nextOffset()).isEqualTo(theirs.nextOffset());
            assertThat(ours.partitionLeaderEpoch()).isEqualTo(theirs.partitionLeaderEpoch());
            assertThat(ours.magic()).isEqualTo(theirs.magic());
            assertThat(ours.crc()).isEqualTo(theirs.checksum());
            assertThat(ours.computeCrc()).isEqualTo(theirs.checksum());
            assertThat(ours.isValid()).isTrue();
            assertThat(ours.compressionType().id).isEqualTo(theirs.compressionType().id);
            assertThat(ours.timestampType().name()).isEqualTo(theirs.timestampType().name());
            assertThat(ours.isTransactional()).isEqualTo(theirs.isTransactional());
            assertThat(ours.isControl()).isEqualTo(theirs.isControlBatch());
            assertThat(ours.hasDeleteHorizon()).isFalse();
            assertThat(ours.producerId()).isEqualTo(theirs.producerId());
            assertThat(ours.producerEpoch()).isEqualTo(theirs.producerEpoch());
            assertThat(ours.baseSequence()).isEqualTo(theirs.baseSequence());
            assertThat(ours.lastSequence()).isEqualTo(theirs.lastSequence());
            assertThat(ours.recordCount()).isEqualTo(theirs.countOrNull());
            assertThat(ours.baseTimestamp()).isEqualTo(((org.apache.kafka.common.record.internal.DefaultRecordBatch) theirs).baseTimestamp());
            assertThat(ours.maxTimestamp()).isEqualTo(theirs.maxTimestamp());
            assertThat(ours.sizeInBytes()).isEqualTo(theirs.sizeInBytes()).isEqualTo(bytes.length);
            assertThat(ByteBufUtil.getBytes(ours.buffer())).isEqualTo(bytes);

            Iterator<org.apache.kafka.common.record.internal.Record> expected = theirs.iterator();
            int i = 0;
            try (RecordIterator records = ours.records()) {
                assertThat(records.recordCount()).isEqualTo(inputs.size());
                while (records.hasNext()) {
                    Record r = records.next();
                    org.apache.kafka.common.record.internal.Record k = expected.next();
                    KafkaRecords.Input in = inputs.get(i++);
                    assertThat(r.offset()).isEqualTo(k.offset());
                    assertThat(r.timestamp()).isEqualTo(k.timestamp());
                    assertThat(r.sequence()).isEqualTo(k.sequence());
                    assertThat(r.sizeInBytes()).isEqualTo(k.sizeInBytes());
                    assertThat(r.isControl()).isFalse();
                    assertThat(r.controlType()).isNull();
                    assertThat(r.hasKey()).isEqualTo(in.key() != null);
                    assertThat(r.keySize()).isEqualTo(in.key() == null ? -1 : in.key().length);
                    assertThat(r.keyBytes()).isEqualTo(in.key());
                    assertThat(r.hasValue()).isEqualTo(in.value() != null);
                    assertThat(r.valueSize()).isEqualTo(in.value() == null ? -1 : in.value().length);
                    assertThat(r.valueBytes()).isEqualTo(in.value());
                    if (in.value() != null) {
                        ByteBuf slice = r.value();
                        assertThat(slice.unwrap()).as("a slice of the batch, not a copy").isNotNull();
                        assertThat(ByteBufUtil.getBytes(slice)).isEqualTo(in.value());
                    } else {
                        assertThat(r.value()).isNull();
                    }
                    if (in.key() == null) {
                        assertThat(r.key()).isNull();
                    }
                    assertThat(r.headerCount()).isEqualTo(in.headers().size());
                    List<HeaderView> headers = r.headers();
                    assertThat(headers).hasSize(in.headers().size());
                    for (int h = 0; h < headers.size(); h++) {
                        assertThat(headers.get(h).key()).isEqualTo(in.headers().get(h).key());
                        assertThat(headers.get(h).value()).isEqualTo(in.headers().get(h).value());
                        byte[] v = in.headers().get(h).value();
                        assertThat(headers.get(h).valueSize()).isEqualTo(v == null ? -1 : v.length);
                        ByteBuf vb = headers.get(h).valueBuffer();
                        assertThat(vb == null ? null : ByteBufUtil.getBytes(vb)).isEqualTo(v);
                    }
                }
            }
            assertThat(i).isEqualTo(inputs.size());
            assertThat(expected.hasNext()).isFalse();
        } finally {
            buf.release();
        }
    }

    @Test
    void logAppendTimeBatchesGiveEveryRecordTheMaxTimestamp() {
        KafkaRecords.Settings s = new KafkaRecords.Settings(0, -1, -1L, (short) -1, -1, false,
                org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, 1_234_567L);
        ByteBuf buf = Unpooled.wrappedBuffer(KafkaRecords.kafkaBatch(s, Compression.NONE, KafkaRecords.variedInputs()));
        try {
            RecordBatch batch = RecordBatch.wrap(buf);
            assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            List<Long> timestamps = new ArrayList<>();
            batch.records().forEachRemaining(r -> timestamps.add(r.timestamp()));
            assertThat(timestamps).hasSize(5).containsOnly(1_234_567L);
        } finally {
            buf.release();
        }
    }

    /** Three batches as a fetch returns them: data, a transactional batch, then its commit marker. */
    private static byte[] threeBatches() {
        byte[] a = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(100), Compression.NONE, KafkaRecords.variedInputs());
        byte[] b = Utils.toArray(MemoryRecords.withTransactionalRecords(105L, Compression.NONE, 9000L, (short) 4, 0, 7,
                new org.apache.kafka.common.record.internal.SimpleRecord(50L, bytes("tk"), bytes("tv"))).buffer());
        byte[] c = Utils.toArray(MemoryRecords.withEndTransactionMarker(106L, 60L, 7, 9000L, (short) 4,
                new EndTransactionMarker(org.apache.kafka.common.record.internal.ControlRecordType.COMMIT, 3)).buffer());
        ByteBuffer all = ByteBuffer.allocate(a.length + b.length + c.length).put(a).put(b).put(c);
        return all.array();
    }

    private static final class Utils {
        static byte[] toArray(ByteBuffer b) {
            return org.apache.kafka.common.utils.Utils.toArray(b);
        }
    }

    @Test
    void transactionalAndControlBatchesAreRecognised() {
        ByteBuf buf = direct(threeBatches());
        try {
            List<RecordBatch> batches = new ArrayList<>();
            RecordBatchIterator.batches(buf, true).forEach(batches::add);
            assertThat(batches).hasSize(3);
            assertThat(batches.get(0).isTransactional()).isFalse();
            assertThat(batches.get(1).isTransactional()).isTrue();
            assertThat(batches.get(1).isControl()).isFalse();
            assertThat(batches.get(1).producerId()).isEqualTo(9000L);
            RecordBatch marker = batches.get(2);
            assertThat(marker.isControl()).isTrue();
            assertThat(marker.isTransactional()).isTrue();
            assertThat(marker.producerId()).isEqualTo(9000L);
            assertThat(marker.producerEpoch()).isEqualTo((short) 4);
            assertThat(marker.partitionLeaderEpoch()).isEqualTo(7);
            assertThat(marker.baseOffset()).isEqualTo(106L);
            try (RecordIterator records = marker.records()) {
                Record r = records.next();
                assertThat(r.isControl()).isTrue();
                assertThat(r.controlType()).isEqualTo(ControlRecordType.COMMIT);
                assertThat(r.offset()).isEqualTo(106L);
                assertThat(records.hasNext()).isFalse();
            }
            ByteBuf abort = Unpooled.wrappedBuffer(Utils.toArray(MemoryRecords.withEndTransactionMarker(7L, 60L, 1, 5L,
                    (short) 0, new EndTransactionMarker(org.apache.kafka.common.record.internal.ControlRecordType.ABORT, 0)).buffer()));
            try {
                assertThat(RecordBatch.wrap(abort).records().next().controlType()).isEqualTo(ControlRecordType.ABORT);
            } finally {
                abort.release();
            }
        } finally {
            buf.release();
        }
    }

    @Test
    void aTrailingPartialBatchEndsIterationCleanlyAtEveryLength() {
        byte[] all = threeBatches();
        MemoryRecords kafka = MemoryRecords.readableRecords(ByteBuffer.wrap(all));
        List<Integer> ends = new ArrayList<>();
        int end = 0;
        for (MutableRecordBatch b : kafka.batches()) {
            end += b.sizeInBytes();
            ends.add(end);
        }
        for (int n = 0; n <= all.length; n++) {
            ByteBuf buf = Unpooled.wrappedBuffer(all, 0, n);
            try {
                RecordBatchIterator it = new RecordBatchIterator(buf, true);
                int complete = 0;
                int consumed = 0;
                while (it.hasNext()) {
                    RecordBatch b = it.next();
                    b.records().forEachRemaining(r -> { });
                    consumed += b.sizeInBytes();
                    complete++;
                }
                int expected = (int) ends.stream().filter(e -> e <= buf.writerIndex()).count();
                assertThat(complete).as("complete batches in the first %d bytes", n).isEqualTo(expected);
                assertThat(it.partialBytes()).isEqualTo(n - consumed);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void aCrcMismatchNamesTheBatchOffsetAndBothCrcs() {
        byte[] all = threeBatches();
        int firstSize = kafkaBatch(all).sizeInBytes();
        // Flip one byte in the second batch's records.
        byte[] corrupt = all.clone();
        int at = firstSize + RecordBatch.RECORDS_OFFSET + 3;
        corrupt[at] ^= 0x40;
        CRC32C crc = new CRC32C();
        crc.update(corrupt, firstSize + RecordBatch.ATTRIBUTES_OFFSET,
                kafkaBatch(java.util.Arrays.copyOfRange(all, firstSize, all.length)).sizeInBytes()
                        - RecordBatch.ATTRIBUTES_OFFSET);
        long stored = ByteBuffer.wrap(all).getInt(firstSize + RecordBatch.CRC_OFFSET) & 0xFFFFFFFFL;
        ByteBuf buf = direct(corrupt);
        try {
            RecordBatchIterator it = new RecordBatchIterator(buf, true);
            assertThat(it.next().baseOffset()).isEqualTo(100L);
            Throwable thrown = catchThrowable(it::next);
            assertThat(thrown).isInstanceOf(CorruptRecordException.class).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("base offset 105")
                    .hasMessageContaining(String.format("0x%08x", stored))
                    .hasMessageContaining(String.format("0x%08x", crc.getValue()));
            CorruptRecordException e = (CorruptRecordException) thrown;
            assertThat(e.baseOffset()).isEqualTo(105L);
            assertThat(e.expectedCrc()).isEqualTo(stored);
            assertThat(e.actualCrc()).isEqualTo(crc.getValue());
            // Without check.crcs the batch is handed out; its CRC can still be checked on demand.
            RecordBatchIterator unchecked = new RecordBatchIterator(buf, false);
            unchecked.next();
            RecordBatch second = unchecked.next();
            assertThat(second.isValid()).isFalse();
            assertThatThrownBy(second::ensureValid).isInstanceOf(CorruptRecordException.class);
        } finally {
            buf.release();
        }
        // Flipping any CRC-covered byte of a batch is detected.
        byte[] single = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(0), Compression.NONE, KafkaRecords.variedInputs());
        for (int i = RecordBatch.CRC_OFFSET; i < single.length; i++) {
            byte[] c = single.clone();
            c[i] ^= 0x01;
            ByteBuf b = Unpooled.wrappedBuffer(c);
            try {
                assertThat(RecordBatch.wrap(b).isValid()).as("byte %d flipped", i).isFalse();
            } finally {
                b.release();
            }
        }
    }

    @Test
    void aBatchCutShortInsideItsRecordsIsAProtocolErrorAtEveryLength() {
        byte[] full = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(0), Compression.NONE, KafkaRecords.variedInputs());
        for (int n = RecordBatch.LOG_OVERHEAD; n < full.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(full, n);
            ByteBuffer.wrap(cut).putInt(RecordBatch.LENGTH_OFFSET, n - RecordBatch.LOG_OVERHEAD); // Length agrees with the cut
            for (boolean checkCrcs : new boolean[] {false, true}) {
                ByteBuf buf = direct(cut);
                try {
                    int length = n;
                    Throwable thrown = catchThrowable(() -> {
                        RecordBatchIterator it = new RecordBatchIterator(buf, checkCrcs);
                        while (it.hasNext()) {
                            try (RecordIterator records = it.next().records()) {
                                records.forEachRemaining(r -> r.headers());
                            }
                        }
                    });
                    assertThat(thrown).as("batch cut to %d of %d bytes, check.crcs=%s", length, full.length, checkCrcs)
                            .isInstanceOf(ProtocolException.class);
                    if (checkCrcs && n >= RecordBatch.HEADER_SIZE) {
                        assertThat(thrown).isInstanceOf(CorruptRecordException.class);
                    }
                } finally {
                    buf.release();
                }
            }
        }
    }

    @Test
    void corruptLengthsAndCountsAreProtocolErrorsWithoutHugeAllocations() {
        byte[] good = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(0), Compression.NONE,
                List.of(new KafkaRecords.Input(5L, bytes("key"), bytes("value"), List.of(new RecordHeader("h", bytes("v")))),
                        new KafkaRecords.Input(6L, bytes("k2"), bytes("v2"), List.of())));
        // Batch Length beyond the buffer: indistinguishable from a partial batch, so a clean end.
        assertThat(decodeAll(patchInt(good, RecordBatch.LENGTH_OFFSET, Integer.MAX_VALUE))).isEqualTo("end, 0 batches");
        assertProtocolError(patchInt(good, RecordBatch.LENGTH_OFFSET, -5), "declares length -5");
        assertProtocolError(patchInt(good, RecordBatch.LENGTH_OFFSET, 10), "less than a batch header");
        assertProtocolError(patch(good, RecordBatch.MAGIC_OFFSET, 1), "magic 1");
        assertProtocolError(patchShort(good, RecordBatch.ATTRIBUTES_OFFSET, 7), "compression codec id 7");
        assertProtocolError(patchInt(good, RecordBatch.RECORDS_COUNT_OFFSET, -1), "negative record count");
        assertProtocolError(patchInt(good, RecordBatch.RECORDS_COUNT_OFFSET, Integer.MAX_VALUE),
                "record 2 of 2147483647 in the batch at base offset 0: the batch declares more records");
        assertProtocolError(patchInt(good, RecordBatch.RECORDS_COUNT_OFFSET, 1), "bytes after its 1 records");
        // Record 0: length varint at 61, attributes at 62, timestamp delta at 63, offset delta at 64, key length at 65.
        assertProtocolError(patch(good, 61, 0x7f), "declares -64 bytes");
        assertProtocolError(patch(good, 61, 0x7e), "declares 63 bytes");
        assertProtocolError(patch(good, 65, 13), "key length -7");
        assertProtocolError(patch(good, 65, 0x7e), "record field"); // key length 63 past the record's end
        int headerCount = 61 + 5 + 3 + 1 + 5; // after length, attributes, deltas, key length, key, value length, value
        assertProtocolError(patch(good, headerCount, 0x7f), "negative header count");
        assertProtocolError(patch(good, headerCount, 0x7e), "record 0 of 2 in the batch at base offset 0: truncated");
    }

    @Test
    void randomCorruptionOnlyEverRaisesProtocolExceptions() {
        byte[] good = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(0), Compression.NONE, KafkaRecords.variedInputs());
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] c = good.clone();
            for (int j = 0, flips = 1 + random.nextInt(3); j < flips; j++) {
                int at = RecordBatch.RECORDS_OFFSET + random.nextInt(good.length - RecordBatch.RECORDS_OFFSET);
                c[at] = (byte) random.nextInt(256);
            }
            try {
                decodeAll(c);
            } catch (ProtocolException expected) {
                // fine: corrupt input is reported as a protocol error
            }
        }
    }

    @Test
    void recordsAreDecodedLazilyUpToACorruptOne() {
        RecordBatchBuilder builder = new RecordBatchBuilder(ALLOC, CompressionType.NONE, 128);
        builder.append(1L, bytes("a"), bytes("1"), null);
        builder.append(2L, bytes("b"), bytes("2"), null);
        builder.append(3L, bytes("c"), bytes("3"), null);
        ByteBuf batch = builder.close();
        try {
            int recordSize;
            try (RecordIterator probe = RecordBatch.wrap(batch).records()) {
                recordSize = probe.next().sizeInBytes(); // all three records have the same size
            }
            batch.setByte(RecordBatch.RECORDS_OFFSET + 2 * recordSize, 0x7f);
            RecordIterator records = RecordBatch.wrap(batch).records();
            assertThat(records.next().valueBytes()).isEqualTo(bytes("1"));
            assertThat(records.next().valueBytes()).isEqualTo(bytes("2"));
            assertThatThrownBy(records::next).isInstanceOf(ProtocolException.class).hasMessageContaining("record 2");
            assertThat(records.hasNext()).as("closed after the error").isFalse();
        } finally {
            batch.release();
        }
    }

    @Test
    void compressedBatchesAreDecompressedAndTheBufferReleased() {
        assumeTrue(KafkaRecords.codecAvailable(CompressionType.GZIP), "gzip codec not delivered yet");
        List<KafkaRecords.Input> inputs = KafkaRecords.manyInputs(40);
        byte[] bytes = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(10), Compression.gzip().build(), inputs);
        ByteBuf buf = direct(bytes);
        try {
            RecordBatch batch = RecordBatch.wrap(buf);
            assertThat(batch.compressionType()).isEqualTo(CompressionType.GZIP);
            int i = 0;
            for (Iterator<Record> it = batch.records(); it.hasNext(); i++) {
                Record r = it.next();
                assertThat(r.offset()).isEqualTo(10L + i);
                assertThat(r.valueBytes()).isEqualTo(inputs.get(i).value());
            }
            assertThat(i).isEqualTo(inputs.size());
            // Closing part-way releases the decompressed buffer too (the leak check would fail otherwise).
            try (RecordIterator partial = batch.records()) {
                partial.next();
            }
        } finally {
            buf.release();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static String decodeAll(byte[] bytes) {
        ByteBuf buf = direct(bytes);
        try {
            RecordBatchIterator it = new RecordBatchIterator(buf, false);
            int n = 0;
            while (it.hasNext()) {
                try (RecordIterator records = it.next().records()) {
                    while (records.hasNext()) {
                        Record r = records.next();
                        r.keyBytes();
                        r.valueBytes();
                        r.headers().forEach(h -> h.value());
                    }
                }
                n++;
            }
            return "end, " + n + " batches";
        } finally {
            buf.release();
        }
    }

    private static void assertProtocolError(byte[] bytes, String message) {
        assertThatThrownBy(() -> decodeAll(bytes)).isInstanceOf(ProtocolException.class).hasMessageContaining(message);
    }

    private static byte[] patch(byte[] bytes, int at, int value) {
        byte[] c = bytes.clone();
        c[at] = (byte) value;
        return c;
    }

    private static byte[] patchShort(byte[] bytes, int at, int value) {
        byte[] c = bytes.clone();
        ByteBuffer.wrap(c).putShort(at, (short) value);
        return c;
    }

    private static byte[] patchInt(byte[] bytes, int at, int value) {
        byte[] c = bytes.clone();
        ByteBuffer.wrap(c).putInt(at, value);
        return c;
    }
}
