package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.CorruptRecordException;
import dev.kurier.client.consumer.RecordDeserializationException;
import dev.kurier.client.consumer.TimestampType;
import dev.kurier.client.serialization.Deserializer;
import dev.kurier.client.serialization.Serdes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

/** Decoding fetched data: offsets, skipping, control batches, partial batches, and CRC errors naming the record. */
class FetchedRecordsTest {

    private static final TopicPartition TP = new TopicPartition("orders", 3);
    private static final Deserializer<byte[]> BYTES = Serdes.bytesDeserializer();

    private static ByteBuffer batch(long baseOffset, int count, TimestampType type) {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(1 << 16), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, type == TimestampType.LOG_APPEND_TIME ? org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME
                        : org.apache.kafka.common.record.TimestampType.CREATE_TIME, baseOffset, 1000L, -1L, (short) -1, -1,
                false, 5);
        for (int i = 0; i < count; i++) {
            b.append(1000L + i, ("k" + (baseOffset + i)).getBytes(), ("v" + (baseOffset + i)).getBytes());
        }
        return b.build().buffer();
    }

    private static ByteBuf concat(ByteBuffer... parts) {
        ByteBuf out = Unpooled.buffer();
        for (ByteBuffer p : parts) {
            out.writeBytes(p.duplicate());
        }
        return out;
    }

    private static List<Long> offsets(FetchedRecords f) {
        List<Long> out = new ArrayList<>();
        ConsumerRecord<byte[], byte[]> d;
        while ((d = f.next(BYTES, BYTES)) != null) {
            out.add(d.offset());
        }
        return out;
    }

    @Test
    void readsEveryRecordFromTheFetchOffsetOn() {
        FetchedRecords f = new FetchedRecords(TP, concat(batch(0, 5, TimestampType.CREATE_TIME),
                batch(5, 5, TimestampType.CREATE_TIME)), 3, true);
        assertThat(offsets(f)).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(f.nextOffset()).isEqualTo(10);
    }

    @Test
    void keysValuesAndTimestampsAreDecoded() {
        FetchedRecords f = new FetchedRecords(TP, concat(batch(10, 2, TimestampType.CREATE_TIME)), 10, true);
        ConsumerRecord<byte[], byte[]> d = f.next(BYTES, BYTES);
        assertThat(new String(d.key())).isEqualTo("k10");
        assertThat(new String(d.value())).isEqualTo("v10");
        assertThat(d.timestamp()).isEqualTo(1000L);
        assertThat(d.leaderEpoch()).isEqualTo(5);
        assertThat(f.next(BYTES, BYTES).timestamp()).isEqualTo(1001L);
        assertThat(f.next(BYTES, BYTES)).isNull();
    }

    @Test
    void logAppendTimeUsesTheBatchTimestamp() {
        FetchedRecords f = new FetchedRecords(TP, concat(batch(0, 3, TimestampType.LOG_APPEND_TIME)), 0, true);
        ConsumerRecord<byte[], byte[]> d = f.next(BYTES, BYTES);
        assertThat(d.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(d.timestamp()).isEqualTo(1000L);
        f.close();
    }

    @Test
    void controlBatchesAreSkipped() {
        ByteBuffer marker = MemoryRecords.withEndTransactionMarker(3L, 99L, (short) 1,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0)).buffer();
        FetchedRecords f = new FetchedRecords(TP, concat(batch(0, 3, TimestampType.CREATE_TIME), marker,
                batch(4, 2, TimestampType.CREATE_TIME)), 0, true);
        assertThat(offsets(f)).containsExactly(0L, 1L, 2L, 4L, 5L);
    }

    @Test
    void aTrailingPartialBatchEndsTheIteration() {
        ByteBuffer second = batch(5, 5, TimestampType.CREATE_TIME);
        second.limit(second.limit() - 7);
        FetchedRecords f = new FetchedRecords(TP, concat(batch(0, 5, TimestampType.CREATE_TIME), second), 0, true);
        assertThat(offsets(f)).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void crcMismatchNamesTopicPartitionAndOffset() {
        ByteBuffer good = batch(0, 3, TimestampType.CREATE_TIME);
        ByteBuffer bad = batch(3, 3, TimestampType.CREATE_TIME);
        bad.put(bad.limit() - 2, (byte) (bad.get(bad.limit() - 2) ^ 0x5a));
        FetchedRecords f = new FetchedRecords(TP, concat(good, bad), 0, true);
        assertThat(f.next(BYTES, BYTES).offset()).isZero();
        f.next(BYTES, BYTES);
        f.next(BYTES, BYTES);
        assertThatThrownBy(() -> f.next(BYTES, BYTES)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("orders-3").hasMessageContaining("offset 3").hasMessageContaining("CRC-32C")
                .satisfies(e -> assertThat(((CorruptRecordException) e).offset()).isEqualTo(3));
        f.close();
    }

    @Test
    void withoutCrcChecksACorruptedValueIsReadAsIs() {
        ByteBuffer bad = batch(0, 1, TimestampType.CREATE_TIME);
        bad.put(bad.limit() - 2, (byte) 'X');
        FetchedRecords f = new FetchedRecords(TP, concat(bad), 0, false);
        assertThat(new String(f.next(BYTES, BYTES).value())).isEqualTo("vX");
        f.close();
    }

    @Test
    void kafkaClientsCompressedBatchesAreNotMisread() {
        MemoryRecords gz = MemoryRecords.withRecords(0L, Compression.gzip().build(),
                new SimpleRecord(1L, "a".getBytes(), "b".getBytes()));
        ByteBuf buf = concat(gz.buffer());
        FetchedRecords f = new FetchedRecords(TP, buf, 0, true);
        try {
            ConsumerRecord<byte[], byte[]> d = f.next(BYTES, BYTES);
            assertThat(new String(d.value())).isEqualTo("b");
        } catch (IllegalStateException codecNotYetAvailable) {
            assertThat(codecNotYetAvailable).hasMessageContaining("gzip");
        } finally {
            f.close();
        }
    }

    @Test
    void recordsCarryTopicPartitionSizesAndHeadersAsBuilt() {
        MemoryRecords withHeader = MemoryRecords.withRecords(7L, Compression.NONE, new SimpleRecord(1L, null,
                "v".getBytes(), new org.apache.kafka.common.header.Header[] {
                    new org.apache.kafka.common.header.internals.RecordHeader("h", "x".getBytes())}),
                new SimpleRecord(2L, "k".getBytes(), null));
        FetchedRecords f = new FetchedRecords(TP, concat(withHeader.buffer()), 0, true);
        ConsumerRecord<byte[], byte[]> first = f.next(BYTES, BYTES);
        assertThat(first.topic()).isEqualTo("orders");
        assertThat(first.partition()).isEqualTo(3);
        assertThat(first.offset()).isEqualTo(7L);
        assertThat(first.serializedKeySize()).isEqualTo(-1);
        assertThat(first.serializedValueSize()).isEqualTo(1);
        assertThat(first.headers()).hasSize(1);
        assertThat(first.headers().get(0).key()).isEqualTo("h");
        assertThat(new String(first.headers().get(0).value())).isEqualTo("x");
        ConsumerRecord<byte[], byte[]> second = f.next(BYTES, BYTES);
        assertThat(second.headers()).isEmpty();
        assertThat(second.serializedKeySize()).isEqualTo(1);
        assertThat(second.serializedValueSize()).isEqualTo(-1);
        assertThat(second.value()).isNull();
        assertThat(f.next(BYTES, BYTES)).isNull();
    }

    @Test
    void aFailingDeserializerIsReportedWithTheRecordsOffsetAndRawBytes() {
        FetchedRecords f = new FetchedRecords(TP, concat(batch(20, 3, TimestampType.CREATE_TIME)), 0, true);
        Deserializer<String> failOnV21 = (topic, data) -> {
            if ("v21".equals(new String(data))) {
                throw new IllegalArgumentException("bad value");
            }
            return topic + ":" + new String(data);
        };
        assertThat(f.next(BYTES, failOnV21).value()).isEqualTo("orders:v20");
        assertThatThrownBy(() -> f.next(BYTES, failOnV21))
                .isInstanceOfSatisfying(RecordDeserializationException.class, e -> {
                    assertThat(e.partition()).isEqualTo(TP);
                    assertThat(e.offset()).isEqualTo(21L);
                    assertThat(new String(e.rawKey())).isEqualTo("k21");
                    assertThat(new String(e.rawValue())).isEqualTo("v21");
                    assertThat(e.getCause()).hasMessage("bad value");
                });
        f.close();
    }
}
