package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.kafkaBytes;
import static dev.kurier.client.protocol.KafkaOracle.ourBytes;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OffsetFetchCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.OFFSET_FETCH);
    }

    private static final List<OffsetFetchRequest.Topic> TOPICS = List.of(
            new OffsetFetchRequest.Topic("orders", List.of(0, 1, 7)), new OffsetFetchRequest.Topic("audit", List.of()));

    /** {@code allTopics} asks for all topics (null list) of the single / second group. */
    private static OffsetFetchRequest ourRequest(short v, boolean allTopics) {
        if (v <= 7) {
            return new OffsetFetchRequest("group-1", allTopics ? null : TOPICS, List.of(), v >= 7);
        }
        return new OffsetFetchRequest("", List.of(), List.of(
                new OffsetFetchRequest.Group("group-1", v >= 9 ? "member-1" : null, v >= 9 ? 5 : -1, TOPICS),
                new OffsetFetchRequest.Group("group-2", null, -1, allTopics ? null : List.of())), true);
    }

    private static OffsetFetchRequestData kafkaRequest(short v, boolean allTopics, boolean tags) {
        OffsetFetchRequestData data = new OffsetFetchRequestData();
        if (v <= 7) {
            OffsetFetchRequestData.OffsetFetchRequestTopic orders = new OffsetFetchRequestData.OffsetFetchRequestTopic()
                    .setName("orders").setPartitionIndexes(List.of(0, 1, 7));
            OffsetFetchRequestData.OffsetFetchRequestTopic audit = new OffsetFetchRequestData.OffsetFetchRequestTopic()
                    .setName("audit").setPartitionIndexes(List.of());
            if (tags) {
                withUnknownTag(orders, 2);
            }
            data.setGroupId("group-1").setTopics(allTopics ? null : List.of(orders, audit)).setRequireStable(v >= 7);
        } else {
            OffsetFetchRequestData.OffsetFetchRequestTopics orders = new OffsetFetchRequestData.OffsetFetchRequestTopics()
                    .setName("orders").setPartitionIndexes(List.of(0, 1, 7));
            OffsetFetchRequestData.OffsetFetchRequestTopics audit = new OffsetFetchRequestData.OffsetFetchRequestTopics()
                    .setName("audit").setPartitionIndexes(List.of());
            OffsetFetchRequestData.OffsetFetchRequestGroup one = new OffsetFetchRequestData.OffsetFetchRequestGroup()
                    .setGroupId("group-1").setMemberId(v >= 9 ? "member-1" : null).setMemberEpoch(v >= 9 ? 5 : -1)
                    .setTopics(List.of(orders, audit));
            OffsetFetchRequestData.OffsetFetchRequestGroup two = new OffsetFetchRequestData.OffsetFetchRequestGroup()
                    .setGroupId("group-2").setMemberId(null).setMemberEpoch(-1).setTopics(allTopics ? null : List.of());
            if (tags) {
                withUnknownTag(audit, 3);
                withUnknownTag(two, 2);
            }
            data.setGroups(List.of(one, two)).setRequireStable(true);
        }
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        for (boolean allTopics : new boolean[] {false, true}) {
            assertSameAsKafka(ourRequest(v, allTopics), OffsetFetchRequest::write, OffsetFetchRequest::read,
                    kafkaRequest(v, allTopics, false), OffsetFetchRequestData::new, v);
            assertSkipsUnknownTags(ourRequest(v, allTopics), OffsetFetchRequest::read, kafkaRequest(v, allTopics, true), v);
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void forGroupBuildsTheShapeOfEachVersion(short v) {
        boolean kip848 = v >= 9;
        OffsetFetchRequest ours = OffsetFetchRequest.forGroup("group-1", kip848 ? "member-1" : null, kip848 ? 5 : -1,
                TOPICS, v >= 7, v);
        OffsetFetchRequestData kafka = new OffsetFetchRequestData().setRequireStable(v >= 7);
        if (v <= 7) {
            kafka.setGroupId("group-1").setTopics(List.of(
                    new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("orders").setPartitionIndexes(List.of(0, 1, 7)),
                    new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("audit").setPartitionIndexes(List.of())));
        } else {
            kafka.setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("group-1")
                    .setMemberId(kip848 ? "member-1" : null).setMemberEpoch(kip848 ? 5 : -1).setTopics(List.of(
                            new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("orders")
                                    .setPartitionIndexes(List.of(0, 1, 7)),
                            new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("audit")
                                    .setPartitionIndexes(List.of())))));
        }
        assertThat(ourBytes(ours, OffsetFetchRequest::write, v)).isEqualTo(kafkaBytes(kafka, v));
    }

    private static final List<OffsetFetchResponse.Topic> RESPONSE_TOPICS = List.of(new OffsetFetchResponse.Topic("orders",
            List.of(new OffsetFetchResponse.Partition(0, 42L, 3, "processed", (short) 0),
                    new OffsetFetchResponse.Partition(1, -1L, -1, null, (short) 88))));

    private static OffsetFetchResponse ourResponse(short v) {
        if (v <= 7) {
            return new OffsetFetchResponse(11, RESPONSE_TOPICS, (short) 14, List.of());
        }
        return new OffsetFetchResponse(11, List.of(), (short) 0, List.of(
                new OffsetFetchResponse.Group("group-1", RESPONSE_TOPICS, (short) 0),
                new OffsetFetchResponse.Group("group-2", List.of(), (short) 69)));
    }

    private static OffsetFetchResponseData kafkaResponse(short v, boolean tags) {
        OffsetFetchResponseData data = new OffsetFetchResponseData().setThrottleTimeMs(11);
        if (v <= 7) {
            OffsetFetchResponseData.OffsetFetchResponsePartition p0 = new OffsetFetchResponseData.OffsetFetchResponsePartition()
                    .setPartitionIndex(0).setCommittedOffset(42L).setCommittedLeaderEpoch(3).setMetadata("processed")
                    .setErrorCode((short) 0);
            OffsetFetchResponseData.OffsetFetchResponsePartition p1 = new OffsetFetchResponseData.OffsetFetchResponsePartition()
                    .setPartitionIndex(1).setCommittedOffset(-1L).setCommittedLeaderEpoch(-1).setMetadata(null)
                    .setErrorCode((short) 88);
            OffsetFetchResponseData.OffsetFetchResponseTopic topic = new OffsetFetchResponseData.OffsetFetchResponseTopic()
                    .setName("orders").setPartitions(List.of(p0, p1));
            if (tags) {
                withUnknownTag(p1, 3);
                withUnknownTag(topic, 2);
            }
            data.setTopics(List.of(topic)).setErrorCode((short) 14);
        } else {
            OffsetFetchResponseData.OffsetFetchResponsePartitions p0 = new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                    .setPartitionIndex(0).setCommittedOffset(42L).setCommittedLeaderEpoch(3).setMetadata("processed")
                    .setErrorCode((short) 0);
            OffsetFetchResponseData.OffsetFetchResponsePartitions p1 = new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                    .setPartitionIndex(1).setCommittedOffset(-1L).setCommittedLeaderEpoch(-1).setMetadata(null)
                    .setErrorCode((short) 88);
            OffsetFetchResponseData.OffsetFetchResponseTopics topic = new OffsetFetchResponseData.OffsetFetchResponseTopics()
                    .setName("orders").setPartitions(List.of(p0, p1));
            OffsetFetchResponseData.OffsetFetchResponseGroup one = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                    .setGroupId("group-1").setTopics(List.of(topic)).setErrorCode((short) 0);
            OffsetFetchResponseData.OffsetFetchResponseGroup two = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                    .setGroupId("group-2").setTopics(List.of()).setErrorCode((short) 69);
            if (tags) {
                withUnknownTag(p0, 4);
                withUnknownTag(topic, 3);
                withUnknownTag(two, 2);
            }
            data.setGroups(List.of(one, two));
        }
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        assertSameAsKafka(ourResponse(v), OffsetFetchResponse::write, OffsetFetchResponse::read, kafkaResponse(v, false),
                OffsetFetchResponseData::new, v);
        assertSkipsUnknownTags(ourResponse(v), OffsetFetchResponse::read, kafkaResponse(v, true), v);
    }

    @Test
    void groupResultsGiveOneViewAtEveryVersion() {
        assertThat(ourResponse((short) 7).groupResults("group-1"))
                .containsExactly(new OffsetFetchResponse.Group("group-1", RESPONSE_TOPICS, (short) 14));
        assertThat(ourResponse((short) 8).groupResults("ignored")).extracting(OffsetFetchResponse.Group::groupId)
                .containsExactly("group-1", "group-2");
    }

    @Test
    void fieldsTheVersionCannotCarryAreRefused() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> ourRequest((short) 7, false).write(out, (short) 6))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("requireStable")
                    .hasMessageContaining("v6");
            assertThatThrownBy(() -> ourRequest((short) 8, false).write(out, (short) 7))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("OffsetFetchRequest.groups");
            assertThatThrownBy(() -> ourRequest((short) 7, false).write(out, (short) 8))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("OffsetFetchRequest.groupId");
            assertThatThrownBy(() -> ourRequest((short) 9, false).write(out, (short) 8))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("memberId")
                    .hasMessageContaining("v8");
            assertThatThrownBy(() -> OffsetFetchRequest.forGroup("g", "m", 3, null, false, (short) 7))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v7");
            assertThatThrownBy(() -> ourResponse((short) 7).write(out, (short) 8))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("OffsetFetchResponse.topics");
            assertThatThrownBy(() -> ourResponse((short) 8).write(out, (short) 6))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("OffsetFetchResponse.groups");
        } finally {
            out.release();
        }
    }
}
