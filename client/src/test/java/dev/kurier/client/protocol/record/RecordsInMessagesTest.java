package dev.kurier.client.protocol.record;

import static dev.kurier.client.protocol.record.KafkaRecords.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.protocol.message.FetchResponse;
import dev.kurier.client.protocol.message.ProduceRequest;
import dev.kurier.client.protocol.compression.CompressionType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

/** Record batches travelling inside Produce requests and Fetch responses, with their buffer ownership. */
class RecordsInMessagesTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    @Test
    void aBatchWeBuildIsProducedAndKafkaReadsIt() {
        RecordBatchBuilder builder = new RecordBatchBuilder(ALLOC, CompressionType.NONE, 256).producerState(8L, (short) 1, 40);
        builder.append(1000L, bytes("k"), bytes("v"), List.of(new RecordHeader("h", null)));
        builder.append(1001L, (byte[]) null, bytes("v2"), null);
        ByteBuf batch = builder.close();
        ByteBuf frame = ALLOC.buffer();
        try {
            ProduceRequest request = new ProduceRequest(null, (short) -1, 5000, List.of(
                    new ProduceRequest.TopicProduceData("orders", null, List.of(
                            new ProduceRequest.PartitionProduceData(2, batch)))));
            request.write(frame, (short) 12);
            request.write(frame.clear(), (short) 12); // a retry writes the same batch again
            assertThat(batch.refCnt()).isEqualTo(1);

            ProduceRequestData data = new ProduceRequestData(
                    new ByteBufferAccessor(ByteBuffer.wrap(ByteBufUtil.getBytes(frame))), (short) 12);
            MemoryRecords records = (MemoryRecords) data.topicData().iterator().next().partitionData().get(0).records();
            MutableRecordBatch kb = records.batches().iterator().next();
            kb.ensureValid();
            assertThat(kb.producerId()).isEqualTo(8L);
            assertThat(kb.baseSequence()).isEqualTo(40);
            assertThat(kb.countOrNull()).isEqualTo(2);
        } finally {
            frame.release();
            batch.release();
        }
    }

    @Test
    void aFetchedFrameIsIteratedInPlaceAndReleasedOnce() {
        short version = 13;
        org.apache.kafka.common.Uuid topicId = org.apache.kafka.common.Uuid.randomUuid();
        byte[] first = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(500), org.apache.kafka.common.compress.Compression.NONE,
                KafkaRecords.variedInputs());
        byte[] second = KafkaRecords.kafkaBatch(KafkaRecords.Settings.plain(505), org.apache.kafka.common.compress.Compression.NONE,
                KafkaRecords.manyInputs(3));
        // The broker cut the second batch short at its byte limit.
        byte[] records = ByteBuffer.allocate(first.length + second.length - 10).put(first).put(second, 0, second.length - 10)
                .array();
        FetchResponseData data = new FetchResponseData().setResponses(List.of(new FetchResponseData.FetchableTopicResponse()
                .setTopicId(topicId).setPartitions(List.of(new FetchResponseData.PartitionData().setPartitionIndex(0)
                        .setHighWatermark(600).setRecords(MemoryRecords.readableRecords(ByteBuffer.wrap(records)))))));
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer wire = ByteBuffer.allocate(data.size(cache, version));
        data.write(new ByteBufferAccessor(wire), cache, version);

        ByteBuf frame = ALLOC.directBuffer().writeBytes(wire.array());
        FetchResponse response = FetchResponse.read(frame, version);
        frame.release(); // the network layer is done with the frame; the response keeps its records alive

        FetchResponse.PartitionData partition = response.responses().get(0).partitions().get(0);
        assertThat(response.responses().get(0).topicId().getMostSignificantBits())
                .isEqualTo(topicId.getMostSignificantBits());
        List<Long> offsets = new ArrayList<>();
        RecordBatchIterator batches = new RecordBatchIterator(partition.records(), true);
        while (batches.hasNext()) {
            for (RecordIterator it = batches.next().records(); it.hasNext(); ) {
                offsets.add(it.next().offset());
            }
        }
        assertThat(offsets).containsExactly(500L, 501L, 502L, 503L, 504L);
        assertThat(batches.partialBytes()).isEqualTo(second.length - 10);
        response.release();
        assertThat(partition.records().refCnt()).isZero();
    }
}
