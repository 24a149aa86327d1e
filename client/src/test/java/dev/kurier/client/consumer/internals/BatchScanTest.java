package dev.kurier.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Counting queued records from batch headers (kafka-clients writes the batches) and cutting at the bound. */
class BatchScanTest {

    private static ByteBuffer batch(long baseOffset, int count) {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(1 << 16), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, TimestampType.CREATE_TIME, baseOffset);
        for (int i = 0; i < count; i++) {
            b.append(1000L + i, null, ("v" + i).getBytes());
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

    @Test
    void countsRecordsFromTheFetchOffsetAndStopsAfterTheBatchReachingTheBound() {
        ByteBuffer a = batch(0, 10);
        ByteBuffer b = batch(10, 10);
        ByteBuffer c = batch(20, 10);
        ByteBuf buf = concat(a, b, c);
        try {
            BatchScan all = BatchScan.scan(buf, 0, 1000);
            assertThat(all).isEqualTo(new BatchScan(buf.readableBytes(), 30, 30, a.remaining(), -1));
            // from offset 4: the first batch adds 6
            assertThat(BatchScan.scan(buf, 4, 1000).records()).isEqualTo(26);
            // room for 12: the second batch crosses it and is kept whole, the third is not
            BatchScan cut = BatchScan.scan(buf, 0, 12);
            assertThat(cut.records()).isEqualTo(20);
            assertThat(cut.nextOffset()).isEqualTo(20);
            assertThat(cut.keepBytes()).isEqualTo(a.remaining() + b.remaining());
            assertThat(buf.readerIndex()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void theLastKeptBatchGivesTheEpochToFetchWith() {
        ByteBuffer a = batch(0, 5);
        ByteBuffer b = batch(5, 5);
        ByteBuffer c = batch(10, 5);
        a.putInt(a.position() + 12, 3); // partition leader epochs (not covered by the CRC)
        b.putInt(b.position() + 12, 4);
        c.putInt(c.position() + 12, 7);
        ByteBuf buf = concat(a, b, c);
        try {
            assertThat(BatchScan.scan(buf, 0, 1000).lastEpoch()).isEqualTo(7);
            assertThat(BatchScan.scan(buf, 0, 6).lastEpoch()).as("cut after the second batch").isEqualTo(4);
        } finally {
            buf.release();
        }
    }

    @Test
    void aTrailingPartialBatchIsNotKept() {
        ByteBuffer a = batch(5, 3);
        ByteBuffer b = batch(8, 3);
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(a.duplicate());
        buf.writeBytes(b.duplicate().limit(b.limit() - 7));
        try {
            BatchScan s = BatchScan.scan(buf, 5, 1000);
            assertThat(s).isEqualTo(new BatchScan(a.remaining(), 3, 8, b.remaining(), -1));
            BatchScan none = BatchScan.scan(buf.slice(a.remaining(), buf.readableBytes() - a.remaining()), 8, 1000);
            assertThat(none).isEqualTo(new BatchScan(0, 0, 8, b.remaining(), -1));
        } finally {
            buf.release();
        }
    }
}
