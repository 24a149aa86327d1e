package dev.kurier.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ListOffsets v6-v10 against kafka-clients' own serialization, both ways. */
class ListOffsetsCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.LIST_OFFSETS);
    }

    static ListOffsetsRequest request(short v) {
        return new ListOffsetsRequest(-1, (byte) 1, List.of(
                new ListOffsetsRequest.ListOffsetsTopic("orders", List.of(
                        new ListOffsetsRequest.ListOffsetsPartition(0, 5, ListOffsetsRequest.EARLIEST_TIMESTAMP),
                        new ListOffsetsRequest.ListOffsetsPartition(1, -1, ListOffsetsRequest.LATEST_TIMESTAMP),
                        new ListOffsetsRequest.ListOffsetsPartition(2, 3, 1_700_000_000_000L))),
                new ListOffsetsRequest.ListOffsetsTopic("none", List.of())), v >= 10 ? 15_000 : 0);
    }

    static ListOffsetsRequestData toKafka(ListOffsetsRequest r) {
        List<ListOffsetsRequestData.ListOffsetsTopic> topics = new ArrayList<>();
        for (ListOffsetsRequest.ListOffsetsTopic t : r.topics()) {
            List<ListOffsetsRequestData.ListOffsetsPartition> partitions = new ArrayList<>();
            for (ListOffsetsRequest.ListOffsetsPartition p : t.partitions()) {
                partitions.add(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(p.partitionIndex())
                        .setCurrentLeaderEpoch(p.currentLeaderEpoch()).setTimestamp(p.timestamp()));
            }
            topics.add(new ListOffsetsRequestData.ListOffsetsTopic().setName(t.name()).setPartitions(partitions));
        }
        return new ListOffsetsRequestData().setReplicaId(r.replicaId()).setIsolationLevel(r.isolationLevel())
                .setTopics(topics).setTimeoutMs(r.timeoutMs());
    }

    static ListOffsetsResponse response() {
        return new ListOffsetsResponse(42, List.of(
                new ListOffsetsResponse.ListOffsetsTopicResponse("orders", List.of(
                        new ListOffsetsResponse.ListOffsetsPartitionResponse(0, (short) 0, -1L, 17L, 5),
                        new ListOffsetsResponse.ListOffsetsPartitionResponse(1, (short) 74, 1_700_000_000_000L, 99L, 2))),
                new ListOffsetsResponse.ListOffsetsTopicResponse("none", List.of())));
    }

    static ListOffsetsResponseData toKafka(ListOffsetsResponse r) {
        List<ListOffsetsResponseData.ListOffsetsTopicResponse> topics = new ArrayList<>();
        for (ListOffsetsResponse.ListOffsetsTopicResponse t : r.topics()) {
            List<ListOffsetsResponseData.ListOffsetsPartitionResponse> partitions = new ArrayList<>();
            for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                partitions.add(new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(p.errorCode()).setTimestamp(p.timestamp())
                        .setOffset(p.offset()).setLeaderEpoch(p.leaderEpoch()));
            }
            topics.add(new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(t.name()).setPartitions(partitions));
        }
        return new ListOffsetsResponseData().setThrottleTimeMs(r.throttleTimeMs()).setTopics(topics);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafkaBothWays(short version) {
        KafkaOracle.assertSameAsKafkaVia(ListOffsetsCodecTest::toKafka, request(version),
                ListOffsetsRequest::write, ListOffsetsRequest::read, ListOffsetsRequestData::new, version, m -> { });
    }

    @ParameterizedTest
    @MethodSource("versions")
    void timeoutIsDroppedBeforeV10LikeKafka(short version) {
        ListOffsetsRequest r = new ListOffsetsRequest(-1, (byte) 0, List.of(), 30_000);
        byte[] ours = KafkaOracle.ourBytes(r, ListOffsetsRequest::write, version);
        assertThat(ours).isEqualTo(KafkaOracle.kafkaBytes(toKafka(r), version));
        assertThat(ours.length).isEqualTo(version >= 10 ? 11 : 7);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafkaBothWays(short version) {
        KafkaOracle.assertSameAsKafkaVia(ListOffsetsCodecTest::toKafka, response(),
                ListOffsetsResponse::write, ListOffsetsResponse::read, ListOffsetsResponseData::new, version, m -> { });
    }
}
