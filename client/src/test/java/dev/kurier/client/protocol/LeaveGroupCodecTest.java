package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LeaveGroupCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.LEAVE_GROUP);
    }

    private static LeaveGroupRequest ourRequest(short v) {
        return new LeaveGroupRequest("group-1", List.of(
                new LeaveGroupRequest.MemberIdentity("member-1", "instance-1", v >= 5 ? "the consumer is closing" : null),
                new LeaveGroupRequest.MemberIdentity("member-2", null, null)));
    }

    private static LeaveGroupRequestData kafkaRequest(short v, boolean tags) {
        LeaveGroupRequestData.MemberIdentity one = new LeaveGroupRequestData.MemberIdentity().setMemberId("member-1")
                .setGroupInstanceId("instance-1").setReason(v >= 5 ? "the consumer is closing" : null);
        LeaveGroupRequestData.MemberIdentity two = new LeaveGroupRequestData.MemberIdentity().setMemberId("member-2")
                .setGroupInstanceId(null).setReason(null);
        if (tags) {
            withUnknownTag(two, 2);
        }
        LeaveGroupRequestData data = new LeaveGroupRequestData().setGroupId("group-1").setMembers(List.of(one, two));
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        assertSameAsKafka(ourRequest(v), LeaveGroupRequest::write, LeaveGroupRequest::read, kafkaRequest(v, false),
                LeaveGroupRequestData::new, v);
        assertSkipsUnknownTags(ourRequest(v), LeaveGroupRequest::read, kafkaRequest(v, true), v);
    }

    private static LeaveGroupResponse ourResponse() {
        return new LeaveGroupResponse(4, (short) 16, List.of(
                new LeaveGroupResponse.MemberResponse("member-1", "instance-1", (short) 0),
                new LeaveGroupResponse.MemberResponse("member-2", null, (short) 25)));
    }

    private static LeaveGroupResponseData kafkaResponse(boolean tags) {
        LeaveGroupResponseData.MemberResponse one = new LeaveGroupResponseData.MemberResponse().setMemberId("member-1")
                .setGroupInstanceId("instance-1").setErrorCode((short) 0);
        LeaveGroupResponseData.MemberResponse two = new LeaveGroupResponseData.MemberResponse().setMemberId("member-2")
                .setGroupInstanceId(null).setErrorCode((short) 25);
        if (tags) {
            withUnknownTag(one, 2);
        }
        LeaveGroupResponseData data = new LeaveGroupResponseData().setThrottleTimeMs(4).setErrorCode((short) 16)
                .setMembers(List.of(one, two));
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        assertSameAsKafka(ourResponse(), LeaveGroupResponse::write, LeaveGroupResponse::read, kafkaResponse(false),
                LeaveGroupResponseData::new, v);
        assertSkipsUnknownTags(ourResponse(), LeaveGroupResponse::read, kafkaResponse(true), v);
    }

    @Test
    void reasonNeedsV5() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> ourRequest((short) 5).write(out, (short) 4))
                    .isInstanceOf(UnsupportedVersionException.class)
                    .hasMessageContaining("LeaveGroupRequest.members.reason").hasMessageContaining("v4");
        } finally {
            out.release();
        }
    }
}
