package dev.kurier.client.consumer.internals;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.client.serialization.Deserializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Utils;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding a fetched record set (10 batches) with CRC checks, to keys and values as byte arrays: Kurier's
 * consumer decoder against kafka-clients' record iteration. Run with
 * {@code java -jar benchmarks/target/kurier-benchmarks.jar BatchDecode -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchDecodeBenchmark {

    @Param({"none", "lz4"})
    String compression;

    private ByteBuffer fetched;
    private static final TopicPartition TP = new TopicPartition("bench", 0);
    private static final Deserializer<byte[]> KEYS = Serdes.bytesDeserializer();
    private static final Deserializer<byte[]> VALUES = Serdes.bytesDeserializer();

    @Setup
    public void setup() {
        Random random = new Random(1);
        ByteBuffer all = ByteBuffer.allocate(10 * 500 * 200);
        for (int b = 0; b < 10; b++) {
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(500 * 200), RecordBatch.MAGIC_VALUE_V2,
                    "lz4".equals(compression) ? Compression.lz4().build() : Compression.NONE, TimestampType.CREATE_TIME,
                    b * 500L, 1_700_000_000_000L, -1L, (short) -1, -1, false, -1);
            for (int i = 0; i < 500; i++) {
                byte[] v = new byte[100];
                random.nextBytes(v);
                builder.append(1_700_000_000_000L + i, String.format("key-%06d", i).getBytes(), v);
            }
            all.put(builder.build().buffer());
        }
        all.flip();
        fetched = all;
    }

    /** Kurier: lazy decode with CRC check, to the consumer's records. */
    @Benchmark
    public void kurier(Blackhole bh) {
        ByteBuf buf = Unpooled.wrappedBuffer(fetched.duplicate());
        FetchedRecords records = new FetchedRecords(TP, buf, 0, true);
        ConsumerRecord<byte[], byte[]> r;
        while ((r = records.next(KEYS, VALUES)) != null) {
            bh.consume(r.key());
            bh.consume(r.value());
        }
    }

    /** Kurier to ConsumerRecords, as the consumer's poll builds them (byte-array deserializers, lists per 500). */
    @Benchmark
    public void kurierConsumerRecords(Blackhole bh) {
        ByteBuf buf = Unpooled.wrappedBuffer(fetched.duplicate());
        FetchedRecords records = new FetchedRecords(TP, buf, 0, true);
        java.util.List<ConsumerRecord<byte[], byte[]>> list = new java.util.ArrayList<>(500);
        ConsumerRecord<byte[], byte[]> r;
        while ((r = records.next(KEYS, VALUES)) != null) {
            list.add(r);
            if (list.size() == 500) {
                bh.consume(list);
                list = new java.util.ArrayList<>(500);
            }
        }
        bh.consume(list);
    }

    /** kafka-clients: validate each batch, then copy keys and values out as the consumer's ByteArrayDeserializer does. */
    @Benchmark
    public void kafkaClients(Blackhole bh) {
        MemoryRecords records = MemoryRecords.readableRecords(fetched.duplicate());
        for (RecordBatch batch : records.batches()) {
            batch.ensureValid();
            for (Record r : batch) {
                bh.consume(Utils.toNullableArray(r.key()));
                bh.consume(Utils.toNullableArray(r.value()));
            }
        }
    }
}
