package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SyncGroupCodecTest {

    private static final byte[] ASSIGNMENT = {0, 3, 0, 0, 0, 0, -1, -1, -1, -1};

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.SYNC_GROUP);
    }

    private static SyncGroupRequest ourRequest(short v, boolean nulls) {
        boolean named = !nulls && v >= 5;
        return new SyncGroupRequest("group-1", 12, "member-1", nulls ? null : "instance-1", named ? "consumer" : null,
                named ? "range" : null, List.of(new SyncGroupRequest.Assignment("member-1", ASSIGNMENT),
                        new SyncGroupRequest.Assignment("member-2", new byte[0])));
    }

    private static SyncGroupRequestData kafkaRequest(short v, boolean nulls, boolean tags) {
        boolean named = !nulls && v >= 5;
        SyncGroupRequestData.SyncGroupRequestAssignment one = new SyncGroupRequestData.SyncGroupRequestAssignment()
                .setMemberId("member-1").setAssignment(ASSIGNMENT);
        SyncGroupRequestData.SyncGroupRequestAssignment two = new SyncGroupRequestData.SyncGroupRequestAssignment()
                .setMemberId("member-2").setAssignment(new byte[0]);
        if (tags) {
            withUnknownTag(one, 2);
        }
        SyncGroupRequestData data = new SyncGroupRequestData().setGroupId("group-1").setGenerationId(12)
                .setMemberId("member-1").setGroupInstanceId(nulls ? null : "instance-1")
                .setProtocolType(named ? "consumer" : null).setProtocolName(named ? "range" : null)
                .setAssignments(List.of(one, two));
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        for (boolean nulls : new boolean[] {false, true}) {
            assertSameAsKafka(ourRequest(v, nulls), SyncGroupRequest::write, SyncGroupRequest::read,
                    kafkaRequest(v, nulls, false), SyncGroupRequestData::new, v);
            assertSkipsUnknownTags(ourRequest(v, nulls), SyncGroupRequest::read, kafkaRequest(v, nulls, true), v);
        }
    }

    private static SyncGroupResponse ourResponse(short v, boolean nulls) {
        boolean named = !nulls && v >= 5;
        return new SyncGroupResponse(9, (short) 27, named ? "consumer" : null, named ? "range" : null,
                nulls ? new byte[0] : ASSIGNMENT);
    }

    private static SyncGroupResponseData kafkaResponse(short v, boolean nulls, boolean tags) {
        boolean named = !nulls && v >= 5;
        SyncGroupResponseData data = new SyncGroupResponseData().setThrottleTimeMs(9).setErrorCode((short) 27)
                .setProtocolType(named ? "consumer" : null).setProtocolName(named ? "range" : null)
                .setAssignment(nulls ? new byte[0] : ASSIGNMENT);
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        for (boolean nulls : new boolean[] {false, true}) {
            assertSameAsKafka(ourResponse(v, nulls), SyncGroupResponse::write, SyncGroupResponse::read,
                    kafkaResponse(v, nulls, false), SyncGroupResponseData::new, v);
            assertSkipsUnknownTags(ourResponse(v, nulls), SyncGroupResponse::read, kafkaResponse(v, nulls, true), v);
        }
    }

    @Test
    void fieldsTheVersionCannotCarryAreRefused() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> ourRequest((short) 5, false).write(out, (short) 4))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("SyncGroupRequest.protocolType")
                    .hasMessageContaining("v4");
            assertThatThrownBy(() -> new SyncGroupRequest("g", 1, "m", null, null, "range", List.of()).write(out, (short) 4))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("SyncGroupRequest.protocolName");
            assertThatThrownBy(() -> ourResponse((short) 5, false).write(out, (short) 4))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("SyncGroupResponse.protocolType");
            assertThatThrownBy(() -> ourRequest((short) 5, true).write(out, (short) 6))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v6");
        } finally {
            out.release();
        }
    }
}
