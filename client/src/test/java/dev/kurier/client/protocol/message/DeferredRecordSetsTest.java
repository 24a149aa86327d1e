package dev.kurier.client.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.protocol.DeferredRecordSets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A produce request written with its batches deferred is, spliced, the same bytes as one written by copying; the
 * frame holds its own references to the batches, which the producer keeps owning.
 */
class DeferredRecordSetsTest {

    private static ByteBuf batch(int size, int fill) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(size);
        for (int i = 0; i < size; i++) {
            b.writeByte(fill + i);
        }
        return b;
    }

    @Test
    void splicedFrameEqualsTheCopiedOneAndReleasesOnlyItsOwnReferences() {
        ByteBuf big = batch(8192, 1);
        ByteBuf small = batch(100, 2);
        ByteBuf other = batch(4096, 3);
        ProduceRequest request = ProduceRequest.builder().acks((short) -1).timeoutMs(30_000).topicData(List.of(
                ProduceRequest.TopicProduceData.builder().name("a").partitionData(List.of(
                        new ProduceRequest.PartitionProduceData(0, big),
                        new ProduceRequest.PartitionProduceData(1, small))).build(),
                ProduceRequest.TopicProduceData.builder().name("b").partitionData(List.of(
                        new ProduceRequest.PartitionProduceData(0, other))).build())).build();
        short v = 12;
        ByteBuf copied = Unpooled.buffer();
        request.write(copied, v);

        DeferredRecordSets deferred = new DeferredRecordSets();
        ByteBuf written = PooledByteBufAllocator.DEFAULT.buffer(64);
        request.write(written, v, deferred);
        assertThat(deferred.bytes()).as("the two large batches are deferred, the small one copied")
                .isEqualTo(8192 + 4096);
        assertThat(written.readableBytes() + deferred.bytes()).isEqualTo(copied.readableBytes());
        ByteBuf frame = deferred.splice(PooledByteBufAllocator.DEFAULT, written);
        try {
            assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(ByteBufUtil.getBytes(copied));
            assertThat(big.refCnt()).as("the frame holds its own reference").isEqualTo(2);
            assertThat(big.readerIndex()).isZero();
        } finally {
            frame.release();
            copied.release();
        }
        assertThat(big.refCnt()).as("the producer still owns its batch").isEqualTo(1);
        assertThat(other.refCnt()).isEqualTo(1);
        big.release();
        small.release();
        other.release();
    }

    @Test
    void aRequestWithoutRecordSetsDefersNothing() {
        DeferredRecordSets deferred = new DeferredRecordSets();
        ByteBuf out = Unpooled.buffer();
        MetadataRequest.builder().topics(null).build().write(out, (short) 12, deferred);
        assertThat(deferred.isEmpty()).isTrue();
        out.release();
    }
}
