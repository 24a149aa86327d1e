package dev.kurier.client.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.compression.CompressionType;
import dev.kurier.client.testing.Mutations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;

/**
 * Record batches, plain and compressed with every codec, fed mutated: iterating the batches and reading every record
 * (key, value, headers) fails only with a {@link ProtocolException} (corrupt record, decompression limit), never
 * otherwise, allocates boundedly (decompression is capped at 1 MiB here), and leaks nothing. With CRC checks off, so
 * that mutations reach the decompressors and the record parser rather than stop at the checksum; and on.
 */
class RecordBatchFuzzTest {

    private static final int MAX_DECOMPRESSED = 1024 * 1024;
    private static final long ALLOCATION_BASE = 8L * MAX_DECOMPRESSED;
    private static final long ALLOCATION_PER_BYTE = 64;

    @Test
    void mutatedBatchesOfEveryCodecFailOnlyWithProtocolErrors() {
        List<Compression> codecs = new ArrayList<>(List.of(Compression.NONE, Compression.gzip().build()));
        if (KafkaRecords.codecAvailable(CompressionType.SNAPPY)) {
            codecs.add(Compression.snappy().build());
        }
        if (KafkaRecords.codecAvailable(CompressionType.LZ4)) {
            codecs.add(Compression.lz4().build());
        }
        if (KafkaRecords.codecAvailable(CompressionType.ZSTD)) {
            codecs.add(Compression.zstd().build());
        }
        Random random = new Random(Mutations.SEED);
        int perCase = Math.max(1, Mutations.FRAMES / (codecs.size() * 2));
        long read = 0;
        long refused = 0;
        List<String> problems = new ArrayList<>();
        for (Compression codec : codecs) {
            byte[] valid = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(100), codec,
                    KafkaRecords.manyInputs(20));
            for (boolean checkCrcs : new boolean[] {false, true}) {
                for (int i = 0; i < perCase; i++) {
                    byte[] frame = Mutations.mutate(valid, random);
                    ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer(frame.length).writeBytes(frame);
                    long before = Mutations.allocated();
                    try {
                        read += readAll(in, checkCrcs);
                    } catch (ProtocolException e) {
                        refused++;
                    } catch (RuntimeException | Error e) {
                        if (problems.size() < 20) {
                            problems.add(codec.type() + (checkCrcs ? " (crc)" : "") + ": " + e + " on "
                                    + ByteBufUtil.hexDump(frame));
                        }
                    } finally {
                        in.release();
                    }
                    long allocated = Mutations.allocated() - before;
                    if (allocated > ALLOCATION_BASE + ALLOCATION_PER_BYTE * frame.length && problems.size() < 20) {
                        problems.add(codec.type() + ": allocated " + allocated + " bytes for a batch of " + frame.length);
                    }
                }
            }
        }
        org.slf4j.LoggerFactory.getLogger(RecordBatchFuzzTest.class).info("{} mutated batches over {} codecs: {} records"
                + " read, {} batches refused with a ProtocolException, {} otherwise", (long) perCase * codecs.size() * 2,
                codecs.size(), read, refused, problems.size());
        assertThat(problems).as("reads that failed otherwise than with a ProtocolException (%d records read, %d "
                + "batches refused)", read, refused).isEmpty();
        assertThat(refused).isPositive();
    }

    /** Every record of every batch in {@code in}, every field touched; the records read. */
    private static long readAll(ByteBuf in, boolean checkCrcs) {
        long n = 0;
        for (RecordBatch batch : RecordBatchIterator.batches(in, checkCrcs)) {
            try (RecordIterator records = batch.records(PooledByteBufAllocator.DEFAULT, MAX_DECOMPRESSED)) {
                while (records.hasNext()) {
                    Record r = records.next();
                    r.offset();
                    r.timestamp();
                    if (r.hasKey()) {
                        r.keyBytes();
                    }
                    if (r.hasValue()) {
                        r.valueBytes();
                    }
                    r.headers().forEach(h -> h.key());
                    n++;
                }
            }
        }
        return n;
    }
}
