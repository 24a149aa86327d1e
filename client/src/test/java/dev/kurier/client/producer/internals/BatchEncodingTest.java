package dev.kurier.client.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.Header;
import dev.kurier.client.protocol.compression.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The producer's batch encoder writes exactly the bytes kafka-clients' MemoryRecordsBuilder writes. */
class BatchEncodingTest {

    private static List<PendingRecord> records(int n) {
        FlushTracker flush = new FlushTracker();
        List<PendingRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] key = i % 4 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 6 == 0 ? null : ("value-" + i + "-" + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8);
            List<Header> headers = new ArrayList<>();
            for (int h = 0; h < i % 3; h++) {
                headers.add(new Header("héader-" + h, h == 1 ? null : ("v" + h).getBytes(StandardCharsets.UTF_8)));
            }
            out.add(new PendingRecord(1_700_000_000_000L + (i * 7L % 1000), key, value, headers,
                    BatchEncoding.estimateRecordSize(key, value, headers), 0L, new CompletableFuture<>(), flush.acquire()));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 17, 300})
    void sameBytesAsKafkaClients(int n) {
        List<PendingRecord> records = records(n);
        long base = records.stream().mapToLong(r -> r.timestamp).min().orElseThrow();
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 20), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, base, -1L, (short) -1, -1, false, -1);
        for (PendingRecord r : records) {
            org.apache.kafka.common.header.Header[] hs = r.headers.stream()
                    .map(h -> new RecordHeader(h.key(), h.value())).toArray(org.apache.kafka.common.header.Header[]::new);
            builder.append(r.timestamp, r.key, r.value, hs);
        }
        ByteBuffer expected = builder.build().buffer();
        ByteBuf ours = BatchEncoding.encode(ByteBufAllocator.DEFAULT, records, CompressionType.NONE);
        try {
            byte[] actual = new byte[ours.readableBytes()];
            ours.getBytes(ours.readerIndex(), actual);
            byte[] exp = new byte[expected.remaining()];
            expected.get(exp);
            assertThat(actual).isEqualTo(exp);
            // and the estimate bounds the real size
            int estimate = BatchEncoding.BATCH_OVERHEAD + records.stream().mapToInt(r -> r.estimatedSize).sum();
            assertThat(actual.length).isLessThanOrEqualTo(estimate);
        } finally {
            ours.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void producerIdEpochAndSequenceAreWritten(int n) {
        List<PendingRecord> records = records(n);
        ByteBuf ours = BatchEncoding.encode(ByteBufAllocator.DEFAULT, records, CompressionType.NONE, 4242L, (short) 3, 77);
        try {
            byte[] bytes = new byte[ours.readableBytes()];
            ours.getBytes(0, bytes);
            RecordBatch batch = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes)).batches().iterator().next();
            batch.ensureValid();
            assertThat(batch.producerId()).isEqualTo(4242L);
            assertThat(batch.producerEpoch()).isEqualTo((short) 3);
            assertThat(batch.baseSequence()).isEqualTo(77);
            assertThat(batch.countOrNull()).isEqualTo(n);
        } finally {
            ours.release();
        }
    }
}
