package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JoinGroupCodecTest {

    private static final byte[] RANGE_METADATA = {0, 3, 0, 0, 0, 1, 0, 1, 't', -1, -1, -1, -1};

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.JOIN_GROUP);
    }

    private static JoinGroupRequest ourRequest(short v, boolean nulls) {
        return new JoinGroupRequest("group-1", 45_000, 300_000, "member-1", nulls ? null : "instance-1", "consumer",
                List.of(new JoinGroupRequest.Protocol("range", RANGE_METADATA),
                        new JoinGroupRequest.Protocol("cooperative-sticky", new byte[0])),
                nulls || v < 8 ? null : "rebalance: metadata changed");
    }

    private static JoinGroupRequestData kafkaRequest(short v, boolean nulls, boolean tags) {
        JoinGroupRequestData.JoinGroupRequestProtocol range = new JoinGroupRequestData.JoinGroupRequestProtocol()
                .setName("range").setMetadata(RANGE_METADATA);
        JoinGroupRequestData.JoinGroupRequestProtocol sticky = new JoinGroupRequestData.JoinGroupRequestProtocol()
                .setName("cooperative-sticky").setMetadata(new byte[0]);
        if (tags) {
            withUnknownTag(range, 2);
        }
        JoinGroupRequestData data = new JoinGroupRequestData().setGroupId("group-1").setSessionTimeoutMs(45_000)
                .setRebalanceTimeoutMs(300_000).setMemberId("member-1").setGroupInstanceId(nulls ? null : "instance-1")
                .setProtocolType("consumer")
                .setProtocols(new JoinGroupRequestData.JoinGroupRequestProtocolCollection(List.of(range, sticky).iterator()))
                .setReason(nulls || v < 8 ? null : "rebalance: metadata changed");
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        for (boolean nulls : new boolean[] {false, true}) {
            assertSameAsKafka(ourRequest(v, nulls), JoinGroupRequest::write, JoinGroupRequest::read,
                    kafkaRequest(v, nulls, false), JoinGroupRequestData::new, v);
            assertSkipsUnknownTags(ourRequest(v, nulls), JoinGroupRequest::read, kafkaRequest(v, nulls, true), v);
        }
    }

    private static JoinGroupResponse ourResponse(short v, boolean nulls) {
        String protocolType = nulls || v < 7 ? null : "consumer";
        String protocolName = nulls && v >= 7 ? null : "range";
        return new JoinGroupResponse(25, (short) 79, 12, protocolType, protocolName, "member-1", v >= 9, "member-2",
                List.of(new JoinGroupResponse.Member("member-1", "instance-1", RANGE_METADATA),
                        new JoinGroupResponse.Member("member-2", null, new byte[0])));
    }

    private static JoinGroupResponseData kafkaResponse(short v, boolean nulls, boolean tags) {
        JoinGroupResponseData.JoinGroupResponseMember one = new JoinGroupResponseData.JoinGroupResponseMember()
                .setMemberId("member-1").setGroupInstanceId("instance-1").setMetadata(RANGE_METADATA);
        JoinGroupResponseData.JoinGroupResponseMember two = new JoinGroupResponseData.JoinGroupResponseMember()
                .setMemberId("member-2").setGroupInstanceId(null).setMetadata(new byte[0]);
        if (tags) {
            withUnknownTag(two, 2);
        }
        JoinGroupResponseData data = new JoinGroupResponseData().setThrottleTimeMs(25).setErrorCode((short) 79)
                .setGenerationId(12).setProtocolType(nulls || v < 7 ? null : "consumer")
                .setProtocolName(nulls && v >= 7 ? null : "range").setLeader("member-1").setSkipAssignment(v >= 9)
                .setMemberId("member-2").setMembers(List.of(one, two));
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        for (boolean nulls : new boolean[] {false, true}) {
            assertSameAsKafka(ourResponse(v, nulls), JoinGroupResponse::write, JoinGroupResponse::read,
                    kafkaResponse(v, nulls, false), JoinGroupResponseData::new, v);
            assertSkipsUnknownTags(ourResponse(v, nulls), JoinGroupResponse::read, kafkaResponse(v, nulls, true), v);
        }
    }

    @Test
    void fieldsTheVersionCannotCarryAreRefused() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> ourRequest((short) 8, false).write(out, (short) 7))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("JoinGroupRequest.reason")
                    .hasMessageContaining("v7");
            assertThatThrownBy(() -> ourResponse((short) 7, false).write(out, (short) 6))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("protocolType")
                    .hasMessageContaining("v6");
            assertThatThrownBy(() -> ourResponse((short) 9, true).write(out, (short) 8))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("skipAssignment");
            assertThatThrownBy(() -> new JoinGroupResponse(0, (short) 0, 1, null, null, "m", false, "m", List.of())
                    .write(out, (short) 6))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("protocolName")
                    .hasMessageContaining("null");
            assertThatThrownBy(() -> ourRequest((short) 6, true).write(out, (short) 5))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v5");
            assertThatThrownBy(() -> new JoinGroupRequest(null, 1, 1, "", null, "consumer", List.of(), null)
                    .write(out, (short) 9))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JoinGroupRequest.groupId");
        } finally {
            out.release();
        }
    }
}
