package dev.kurier.client.producer.internals;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.protocol.compression.CompressionType;
import dev.kurier.client.protocol.record.RecordWriter;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one record batch: Kurier's producer encoder against kafka-clients' MemoryRecordsBuilder, same
 * records (100-byte values, 10-byte keys), no compression and lz4. Run with
 * {@code java -jar benchmarks/target/kurier-benchmarks.jar BatchEncode -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchEncodeBenchmark {

    private static final TopicPartition TP = new TopicPartition("bench", 0);

    @Param({"100", "1000"})
    int records;

    @Param({"none", "lz4"})
    String compression;

    private byte[][] keys;
    private byte[][] values;
    private ByteBuffer kafkaBuffer;

    @Setup
    public void setup() {
        Random random = new Random(1);
        keys = new byte[records][];
        values = new byte[records][];
        for (int i = 0; i < records; i++) {
            keys[i] = String.format("key-%06d", i).getBytes();
            values[i] = new byte[100];
            random.nextBytes(values[i]);
        }
        kafkaBuffer = ByteBuffer.allocate(records * 200 + 1024);
    }

    /**
     * Kurier: what a producer does per batch: each record written into the pooled batch buffer as {@code send} would
     * (one future per record, as send returns one), then the batch closed (header, CRC, compression).
     */
    @Benchmark
    public int kurier() {
        int capacity = records * 200 + 1024;
        ProducerBatch b = new ProducerBatch(TP, PooledByteBufAllocator.DEFAULT, capacity, capacity, 1_700_000_000_000L,
                0L);
        for (int i = 0; i < records; i++) {
            int fixed = RecordWriter.fixedBodySize(keys[i].length, values[i].length, List.of());
            b.tryAppend(1_700_000_000_000L + i, keys[i], values[i], List.of(), fixed,
                    new RecordFuture(1_700_000_000_000L + i, keys[i].length, values[i].length, 0L));
        }
        b.close(CompressionType.forName(compression), PooledByteBufAllocator.DEFAULT, -1L, (short) -1, -1);
        int n = b.encoded.readableBytes();
        b.release();
        return n;
    }

    /** kafka-clients: MemoryRecordsBuilder over a reused buffer. */
    @Benchmark
    public int kafkaClients() {
        kafkaBuffer.clear();
        MemoryRecordsBuilder builder = MemoryRecords.builder(kafkaBuffer, RecordBatch.MAGIC_VALUE_V2,
                "lz4".equals(compression) ? Compression.lz4().build() : Compression.NONE, TimestampType.CREATE_TIME, 0L,
                1_700_000_000_000L, -1L, (short) -1, -1, false, -1);
        for (int i = 0; i < records; i++) {
            builder.append(1_700_000_000_000L + i, keys[i], values[i]);
        }
        return builder.build().sizeInBytes();
    }
}
