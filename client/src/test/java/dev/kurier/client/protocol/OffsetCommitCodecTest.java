package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;

import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OffsetCommitCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.OFFSET_COMMIT);
    }

    private static OffsetCommitRequest ourRequest(boolean nulls) {
        return new OffsetCommitRequest("group-1", 7, "member-1", nulls ? null : "instance-1", List.of(
                new OffsetCommitRequest.Topic("orders", List.of(
                        new OffsetCommitRequest.Partition(0, 42L, 3, "processed by worker-2"),
                        new OffsetCommitRequest.Partition(5, 1L << 40, -1, null))),
                new OffsetCommitRequest.Topic("empty", List.of())));
    }

    private static OffsetCommitRequestData kafkaRequest(boolean nulls, boolean tags) {
        OffsetCommitRequestData.OffsetCommitRequestPartition p0 = new OffsetCommitRequestData.OffsetCommitRequestPartition()
                .setPartitionIndex(0).setCommittedOffset(42L).setCommittedLeaderEpoch(3)
                .setCommittedMetadata("processed by worker-2");
        OffsetCommitRequestData.OffsetCommitRequestPartition p5 = new OffsetCommitRequestData.OffsetCommitRequestPartition()
                .setPartitionIndex(5).setCommittedOffset(1L << 40).setCommittedLeaderEpoch(-1).setCommittedMetadata(null);
        OffsetCommitRequestData.OffsetCommitRequestTopic orders = new OffsetCommitRequestData.OffsetCommitRequestTopic()
                .setName("orders").setPartitions(List.of(p0, p5));
        OffsetCommitRequestData.OffsetCommitRequestTopic empty = new OffsetCommitRequestData.OffsetCommitRequestTopic()
                .setName("empty").setPartitions(List.of());
        if (tags) {
            withUnknownTag(p5, 3);
            withUnknownTag(orders, 2);
        }
        OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId("group-1").setGenerationIdOrMemberEpoch(7)
                .setMemberId("member-1").setGroupInstanceId(nulls ? null : "instance-1").setTopics(List.of(orders, empty));
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        for (boolean nulls : new boolean[] {false, true}) {
            assertSameAsKafka(ourRequest(nulls), OffsetCommitRequest::write, OffsetCommitRequest::read,
                    kafkaRequest(nulls, false), OffsetCommitRequestData::new, v);
            assertSkipsUnknownTags(ourRequest(nulls), OffsetCommitRequest::read, kafkaRequest(nulls, true), v);
        }
    }

    private static OffsetCommitResponse ourResponse() {
        return new OffsetCommitResponse(6, List.of(new OffsetCommitResponse.Topic("orders", List.of(
                new OffsetCommitResponse.Partition(0, (short) 0), new OffsetCommitResponse.Partition(5, (short) 113)))));
    }

    private static OffsetCommitResponseData kafkaResponse(boolean tags) {
        OffsetCommitResponseData.OffsetCommitResponsePartition p0 = new OffsetCommitResponseData.OffsetCommitResponsePartition()
                .setPartitionIndex(0).setErrorCode((short) 0);
        OffsetCommitResponseData.OffsetCommitResponsePartition p5 = new OffsetCommitResponseData.OffsetCommitResponsePartition()
                .setPartitionIndex(5).setErrorCode((short) 113);
        OffsetCommitResponseData.OffsetCommitResponseTopic topic = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                .setName("orders").setPartitions(List.of(p0, p5));
        if (tags) {
            withUnknownTag(p0, 3);
            withUnknownTag(topic, 2);
        }
        OffsetCommitResponseData data = new OffsetCommitResponseData().setThrottleTimeMs(6).setTopics(List.of(topic));
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        assertSameAsKafka(ourResponse(), OffsetCommitResponse::write, OffsetCommitResponse::read, kafkaResponse(false),
                OffsetCommitResponseData::new, v);
        assertSkipsUnknownTags(ourResponse(), OffsetCommitResponse::read, kafkaResponse(true), v);
    }
}
