package dev.kurier.client.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.protocol.compression.CompressionCodecs;
import dev.kurier.client.protocol.compression.CompressionType;
import dev.kurier.client.protocol.record.RecordWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The producer's batch, written record by record at send time, holds exactly the bytes kafka-clients writes. */
class ProducerBatchTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final long BASE = 1_700_000_000_000L;

    private record Rec(long timestamp, byte[] key, byte[] value, List<Header> headers) {
    }

    private static List<Rec> records(int n) {
        List<Rec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] key = i % 4 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 6 == 0 ? null : ("value-" + i + "-" + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8);
            List<Header> headers = new ArrayList<>();
            for (int h = 0; h < i % 3; h++) {
                headers.add(new Header("héader-\uD83D\uDE00-" + h, h == 1 ? null : ("v" + h).getBytes(StandardCharsets.UTF_8)));
            }
            // timestamps go back and forth around the first one: negative deltas are legal
            out.add(new Rec(BASE + (i * 7L % 1000) - (i % 5 == 0 ? 0 : 300), key, value, headers));
        }
        return out;
    }

    private static ProducerBatch batchOf(List<Rec> records, int capacity) {
        ProducerBatch b = new ProducerBatch(TP, PooledByteBufAllocator.DEFAULT, capacity, capacity, records.get(0).timestamp,
                System.nanoTime());
        for (Rec r : records) {
            RecordFuture f = new RecordFuture(r.timestamp, r.key == null ? -1 : r.key.length,
                    r.value == null ? -1 : r.value.length, System.nanoTime());
            int fixed = RecordWriter.fixedBodySize(f.keySize, f.valueSize, r.headers);
            assertThat(b.tryAppend(r.timestamp, r.key, r.value, r.headers, fixed, f)).isGreaterThanOrEqualTo(0);
        }
        return b;
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 17, 300})
    void sameBytesAsKafkaClients(int n) {
        List<Rec> records = records(n);
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 20), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, records.get(0).timestamp, -1L, (short) -1, -1, false, -1);
        for (Rec r : records) {
            org.apache.kafka.common.header.Header[] hs = r.headers.stream()
                    .map(h -> new RecordHeader(h.key(), h.value())).toArray(org.apache.kafka.common.header.Header[]::new);
            builder.append(r.timestamp, r.key, r.value, hs);
        }
        ByteBuffer expected = builder.build().buffer();
        byte[] exp = new byte[expected.remaining()];
        expected.get(exp);
        ProducerBatch b = batchOf(records, 1 << 20);
        try {
            b.close(CompressionType.NONE, PooledByteBufAllocator.DEFAULT, -1L, (short) -1, -1);
            assertThat(b.count).isEqualTo(n);
            assertThat(bytes(b.encoded)).isEqualTo(exp);
        } finally {
            b.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void compressedBatchesReadBackInKafkaClients(String codec) {
        List<Rec> records = records(200);
        ProducerBatch b = batchOf(records, 1 << 20);
        try {
            b.close(CompressionType.forName(codec), PooledByteBufAllocator.DEFAULT, 4242L, (short) 3, 77);
            RecordBatch batch = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes(b.encoded))).batches().iterator().next();
            batch.ensureValid();
            assertThat(batch.compressionType().name).isEqualTo(codec);
            assertThat(batch.producerId()).isEqualTo(4242L);
            assertThat(batch.producerEpoch()).isEqualTo((short) 3);
            assertThat(batch.baseSequence()).isEqualTo(77);
            assertThat(batch.maxTimestamp()).isEqualTo(records.stream().mapToLong(Rec::timestamp).max().orElseThrow());
            int i = 0;
            for (Record r : batch) {
                Rec want = records.get(i++);
                assertThat(r.timestamp()).isEqualTo(want.timestamp);
                assertThat(r.hasValue() ? bytesOf(r.value()) : null).isEqualTo(want.value);
                assertThat(r.hasKey() ? bytesOf(r.key()) : null).isEqualTo(want.key);
                assertThat(r.headers()).hasSize(want.headers.size());
            }
            assertThat(i).isEqualTo(records.size());
        } finally {
            b.release();
        }
    }

    /** A batch compressed by the thread that sealed it goes out byte for byte as one the sender compressed. */
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void precompressedBatchHasTheSameBytes(String codec) {
        CompressionType type = CompressionType.forName(codec);
        List<Rec> records = records(200);
        ProducerBatch bySender = batchOf(records, 1 << 20);
        ProducerBatch byAppender = batchOf(records, 1 << 20);
        try {
            bySender.close(type, PooledByteBufAllocator.DEFAULT, 4242L, (short) 3, 77);
            byAppender.seal();
            byAppender.precompress(CompressionCodecs.forType(type), PooledByteBufAllocator.DEFAULT);
            byAppender.close(type, PooledByteBufAllocator.DEFAULT, 4242L, (short) 3, 77);
            assertThat(byAppender.count).isEqualTo(200);
            assertThat(bytes(byAppender.encoded)).isEqualTo(bytes(bySender.encoded));
        } finally {
            bySender.release();
            byAppender.release();
        }
    }

    /** An open batch may still take records: compressing it would lose them, so precompress leaves it alone. */
    @Test
    void precompressLeavesAnOpenBatchAlone() {
        UnpooledByteBufAllocator counting = new UnpooledByteBufAllocator(false);
        ProducerBatch b = batchOf(records(10), 4096);
        b.precompress(CompressionCodecs.forType(CompressionType.LZ4), counting);
        assertThat(counting.metric().usedHeapMemory() + counting.metric().usedDirectMemory()).isZero();
        int fixed = RecordWriter.fixedBodySize(-1, 1, List.of());
        assertThat(b.tryAppend(BASE, null, new byte[1], List.of(), fixed, new RecordFuture(BASE, -1, 1, 0))).isEqualTo(10);
        b.release();
    }

    /** Failing a batch that was compressed early (expiry, close) releases the compressed bytes. */
    @Test
    void aPrecompressedBatchThatIsDroppedReleasesItsBytes() {
        UnpooledByteBufAllocator counting = new UnpooledByteBufAllocator(false);
        ProducerBatch b = batchOf(records(50), 8192);
        b.seal();
        b.precompress(CompressionCodecs.forType(CompressionType.LZ4), counting);
        assertThat(counting.metric().usedHeapMemory() + counting.metric().usedDirectMemory()).isPositive();
        b.sealAndCount();
        assertThat(b.count).isEqualTo(50);
        b.release();
        assertThat(counting.metric().usedHeapMemory() + counting.metric().usedDirectMemory()).isZero();
    }

    /**
     * The appending thread compresses while the sender thread closes the same batch: whichever claims it first does
     * the work, the other waits or steps aside; every time, the bytes are those of a batch compressed once.
     */
    @Test
    void precompressRacingCloseYieldsOneCorrectEncoding() throws Exception {
        List<Rec> records = records(300);
        ProducerBatch reference = batchOf(records, 1 << 20);
        reference.close(CompressionType.LZ4, PooledByteBufAllocator.DEFAULT, 7L, (short) 1, 0);
        byte[] expected = bytes(reference.encoded);
        reference.release();
        for (int round = 0; round < 200; round++) {
            ProducerBatch b = batchOf(records, 1 << 20);
            b.seal();
            CountDownLatch go = new CountDownLatch(1);
            Thread appender = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                b.precompress(CompressionCodecs.forType(CompressionType.LZ4), PooledByteBufAllocator.DEFAULT);
            });
            appender.start();
            go.countDown();
            b.close(CompressionType.LZ4, PooledByteBufAllocator.DEFAULT, 7L, (short) 1, 0);
            appender.join();
            try {
                assertThat(bytes(b.encoded)).as("round %d", round).isEqualTo(expected);
            } finally {
                b.release();
            }
        }
    }

    private static byte[] bytesOf(ByteBuffer buf) {
        byte[] out = new byte[buf.remaining()];
        buf.duplicate().get(out);
        return out;
    }

    @Test
    void fullBatchRefusesTheNextRecordButTheFirstAlwaysFits() {
        byte[] big = new byte[5000];
        ProducerBatch b = new ProducerBatch(TP, PooledByteBufAllocator.DEFAULT, 6000, 1000, BASE, System.nanoTime());
        try {
            int fixed = RecordWriter.fixedBodySize(-1, big.length, List.of());
            assertThat(b.tryAppend(BASE, null, big, List.of(), fixed, new RecordFuture(BASE, -1, big.length, 0))).isZero();
            int small = RecordWriter.fixedBodySize(-1, 1, List.of());
            assertThat(b.tryAppend(BASE, null, new byte[1], List.of(), small, new RecordFuture(BASE, -1, 1, 0))).isEqualTo(-1);
            b.seal();
            assertThat(b.isSealed()).isTrue();
        } finally {
            b.release();
        }
    }

    @Test
    void sealedBatchTakesNoMoreRecords() {
        ProducerBatch b = new ProducerBatch(TP, PooledByteBufAllocator.DEFAULT, 4096, 4096, BASE, System.nanoTime());
        try {
            int fixed = RecordWriter.fixedBodySize(-1, 1, List.of());
            assertThat(b.tryAppend(BASE, null, new byte[1], List.of(), fixed, new RecordFuture(BASE, -1, 1, 0))).isZero();
            b.close(CompressionType.NONE, PooledByteBufAllocator.DEFAULT, -1L, (short) -1, -1);
            assertThat(b.tryAppend(BASE, null, new byte[1], List.of(), fixed, new RecordFuture(BASE, -1, 1, 0))).isEqualTo(-1);
            assertThat(b.count).isEqualTo(1);
        } finally {
            b.release();
        }
    }

    /** Many threads append at once; the batch holds every record once, each future in the slot of its offset. */
    @Test
    void concurrentAppendsLoseNothingAndKeepFuturesInPlace() throws Exception {
        int threads = 8;
        int perThread = 2000;
        ProducerBatch b = new ProducerBatch(TP, PooledByteBufAllocator.DEFAULT, 1 << 22, 1 << 22, BASE, System.nanoTime());
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    long ts = BASE + id * 100_000L + i; // unique per record: ties a record to its future
                    byte[] value = (id + ":" + i).getBytes(StandardCharsets.UTF_8);
                    int fixed = RecordWriter.fixedBodySize(-1, value.length, List.of());
                    if (b.tryAppend(ts, null, value, List.of(), fixed, new RecordFuture(ts, -1, value.length, 0)) < 0) {
                        refused.incrementAndGet();
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        try {
            assertThat(refused.get()).isZero();
            b.close(CompressionType.NONE, PooledByteBufAllocator.DEFAULT, -1L, (short) -1, -1);
            assertThat(b.count).isEqualTo(threads * perThread);
            RecordBatch batch = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes(b.encoded))).batches().iterator().next();
            batch.ensureValid();
            Set<String> seen = new HashSet<>();
            for (Record r : batch) {
                String v = StandardCharsets.UTF_8.decode(r.value()).toString();
                String[] parts = v.split(":");
                assertThat(r.timestamp()).isEqualTo(BASE + Long.parseLong(parts[0]) * 100_000L + Long.parseLong(parts[1]));
                assertThat(b.future((int) r.offset()).timestamp).isEqualTo(r.timestamp());
                assertThat(seen.add(v)).isTrue();
            }
            assertThat(seen).hasSize(threads * perThread);
        } finally {
            b.release();
        }
    }

    @Test
    void latencyHistogramQuantilesAreWithinABucket() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 10_000; i++) {
            h.record(i * 1_000_000L); // 1..10000 ms
        }
        assertThat(h.count()).isEqualTo(10_000);
        assertThat(h.quantileMs(0.5)).isBetween(5000.0, 5000 * 1.0625);
        assertThat(h.quantileMs(0.99)).isBetween(9900.0, 9900 * 1.0625);
        assertThat(h.quantileMs(1.0)).isEqualTo(10_000.0);
        assertThat(h.maxMs()).isEqualTo(10_000.0);
        assertThat(h.meanMs()).isBetween(5000.0, 5001.0);
        for (long v : new long[] {0, 1, 15, 16, 17, 1000, 123_456_789, Long.MAX_VALUE / 1000}) {
            int i = LatencyHistogram.index(v);
            assertThat(LatencyHistogram.upperMicros(i)).isGreaterThanOrEqualTo(v);
            assertThat(i == 0 || LatencyHistogram.upperMicros(i - 1) < v).isTrue();
        }
    }
}
