package dev.kurier.client.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Record sets are not copied when a message is read: each is a slice of the frame, retained for the message, whose
 * holder releases it once; a read that fails part-way retains nothing. Writing copies the record bytes without
 * consuming or releasing the caller's buffers.
 */
class RecordSetOwnershipTest {

    private static final short V = 16;

    private static FetchResponse response(ByteBuf a, ByteBuf b) {
        FetchResponse.PartitionData p0 = FetchResponse.PartitionData.builder().partitionIndex(0).records(a).build();
        FetchResponse.PartitionData p1 = FetchResponse.PartitionData.builder().partitionIndex(1).records(b).build();
        return FetchResponse.builder().responses(List.of(FetchResponse.FetchableTopicResponse.builder()
                .topicId(java.util.UUID.randomUUID()).partitions(List.of(p0, p1)).build())).build();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) seed);
        return out;
    }

    private static byte[] write(FetchResponse response) {
        ByteBuf out = Unpooled.buffer();
        try {
            response.write(out, V);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Test
    void readSlicesRecordsWithoutCopyAndReleaseFreesThemOnce() {
        byte[] batch = bytes(300, 7);
        ByteBuf a = Unpooled.wrappedBuffer(batch);
        byte[] frameBytes = write(response(a, null));
        assertThat(a.readerIndex()).as("writing does not consume the caller's records").isZero();
        assertThat(a.refCnt()).as("nor release them").isEqualTo(1);
        a.release();

        ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer(frameBytes.length).writeBytes(frameBytes);
        FetchResponse parsed = FetchResponse.read(frame, V);
        frame.release();
        assertThat(frame.refCnt()).as("the record slices keep the frame alive").isPositive();
        ByteBuf records = parsed.responses().get(0).partitions().get(0).records();
        assertThat(records.unwrap()).as("a slice, not a copy").isNotNull();
        assertThat(ByteBufUtil.getBytes(records)).isEqualTo(batch);
        assertThat(parsed.responses().get(0).partitions().get(1).records()).isNull();
        parsed.release();
        assertThat(frame.refCnt()).as("freed with the last slice").isZero();
    }

    @Test
    void aReadThatFailsPartWayRetainsNothing() {
        byte[] frameBytes = write(response(Unpooled.wrappedBuffer(bytes(40, 1)), Unpooled.wrappedBuffer(bytes(40, 2))));
        // Cut the frame inside the second partition's records: the first partition's slice must not be kept.
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.buffer().writeBytes(frameBytes, 0, frameBytes.length - 20);
        try {
            assertThatThrownBy(() -> FetchResponse.read(frame, V)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("FetchResponse.PartitionData.Records");
            assertThat(frame.refCnt()).as("nothing retained").isEqualTo(1);
        } finally {
            frame.release();
        }
    }

    @Test
    void aProduceRequestReadByABrokerHoldsRetainedSlicesUntilReleased() {
        byte[] batch = bytes(64, 9);
        ProduceRequest request = ProduceRequest.builder().acks((short) -1).timeoutMs(1000).topicData(List.of(
                ProduceRequest.TopicProduceData.builder().name("t").partitionData(List.of(
                        new ProduceRequest.PartitionProduceData(0, Unpooled.wrappedBuffer(batch)))).build())).build();
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.buffer();
        request.write(frame, (short) 12);
        ProduceRequest read = ProduceRequest.read(frame, (short) 12);
        frame.release();
        assertThat(frame.refCnt()).isPositive();
        assertThat(ByteBufUtil.getBytes(read.topicData().get(0).partitionData().get(0).records())).isEqualTo(batch);
        assertThat(read.expectsResponse()).isTrue();
        read.release();
        assertThat(frame.refCnt()).isZero();
    }
}
