package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DescribeGroupsCodecTest {

    private static final byte[] METADATA = {0, 3, 0, 0, 0, 0};
    private static final byte[] ASSIGNMENT = {0, 3, 0, 0, 0, 1, 0, 1, 'x', 0, 0, 0, 0, -1, -1, -1, -1};

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.DESCRIBE_GROUPS);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        DescribeGroupsRequest ours = new DescribeGroupsRequest(List.of("group-1", "group-2"), true);
        assertSameAsKafka(ours, DescribeGroupsRequest::write, DescribeGroupsRequest::read,
                new DescribeGroupsRequestData().setGroups(List.of("group-1", "group-2")).setIncludeAuthorizedOperations(true),
                DescribeGroupsRequestData::new, v);
        assertSkipsUnknownTags(ours, DescribeGroupsRequest::read, withUnknownTag(new DescribeGroupsRequestData()
                .setGroups(List.of("group-1", "group-2")).setIncludeAuthorizedOperations(true), 1), v);
    }

    private static DescribeGroupsResponse ourResponse(short v) {
        return new DescribeGroupsResponse(8, List.of(
                new DescribeGroupsResponse.DescribedGroup((short) 0, null, "group-1", "Stable", "consumer", "range",
                        List.of(new DescribeGroupsResponse.Member("member-1", "instance-1", "client-1", "/10.0.0.1",
                                        METADATA, ASSIGNMENT),
                                new DescribeGroupsResponse.Member("member-2", null, "client-2", "/10.0.0.2", new byte[0],
                                        new byte[0])),
                        0b1010_1000),
                new DescribeGroupsResponse.DescribedGroup((short) 69, v >= 6 ? "Group group-2 not found." : null,
                        "group-2", "Dead", "", "", List.of(), DescribeGroupsResponse.AUTHORIZED_OPERATIONS_OMITTED)));
    }

    private static DescribeGroupsResponseData kafkaResponse(short v, boolean tags) {
        DescribeGroupsResponseData.DescribedGroupMember m1 = new DescribeGroupsResponseData.DescribedGroupMember()
                .setMemberId("member-1").setGroupInstanceId("instance-1").setClientId("client-1")
                .setClientHost("/10.0.0.1").setMemberMetadata(METADATA).setMemberAssignment(ASSIGNMENT);
        DescribeGroupsResponseData.DescribedGroupMember m2 = new DescribeGroupsResponseData.DescribedGroupMember()
                .setMemberId("member-2").setGroupInstanceId(null).setClientId("client-2").setClientHost("/10.0.0.2")
                .setMemberMetadata(new byte[0]).setMemberAssignment(new byte[0]);
        DescribeGroupsResponseData.DescribedGroup g1 = new DescribeGroupsResponseData.DescribedGroup()
                .setErrorCode((short) 0).setErrorMessage(null).setGroupId("group-1").setGroupState("Stable")
                .setProtocolType("consumer").setProtocolData("range").setMembers(List.of(m1, m2))
                .setAuthorizedOperations(0b1010_1000);
        DescribeGroupsResponseData.DescribedGroup g2 = new DescribeGroupsResponseData.DescribedGroup()
                .setErrorCode((short) 69).setErrorMessage(v >= 6 ? "Group group-2 not found." : null).setGroupId("group-2")
                .setGroupState("Dead").setProtocolType("").setProtocolData("").setMembers(List.of())
                .setAuthorizedOperations(Integer.MIN_VALUE);
        if (tags) {
            withUnknownTag(m2, 3);
            withUnknownTag(g1, 2);
        }
        DescribeGroupsResponseData data = new DescribeGroupsResponseData().setThrottleTimeMs(8).setGroups(List.of(g1, g2));
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        assertSameAsKafka(ourResponse(v), DescribeGroupsResponse::write, DescribeGroupsResponse::read,
                kafkaResponse(v, false), DescribeGroupsResponseData::new, v);
        assertSkipsUnknownTags(ourResponse(v), DescribeGroupsResponse::read, kafkaResponse(v, true), v);
    }

    @Test
    void errorMessageNeedsV6() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> ourResponse((short) 6).write(out, (short) 5))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("errorMessage")
                    .hasMessageContaining("v5");
        } finally {
            out.release();
        }
    }
}
