package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ListGroupsCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.LIST_GROUPS);
    }

    private static List<String> states(short v) {
        return v >= 4 ? List.of("Stable", "PreparingRebalance") : List.of();
    }

    private static List<String> types(short v) {
        return v >= 5 ? List.of("classic", "consumer") : List.of();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        ListGroupsRequest ours = new ListGroupsRequest(states(v), types(v));
        assertSameAsKafka(ours, ListGroupsRequest::write, ListGroupsRequest::read,
                new ListGroupsRequestData().setStatesFilter(states(v)).setTypesFilter(types(v)), ListGroupsRequestData::new, v);
        assertSkipsUnknownTags(ours, ListGroupsRequest::read,
                withUnknownTag(new ListGroupsRequestData().setStatesFilter(states(v)).setTypesFilter(types(v)), 1), v);
    }

    private static ListGroupsResponse ourResponse(short v) {
        return new ListGroupsResponse(2, (short) 15, List.of(
                new ListGroupsResponse.ListedGroup("group-1", "consumer", v >= 4 ? "Stable" : "", v >= 5 ? "classic" : ""),
                new ListGroupsResponse.ListedGroup("group-2", "", v >= 4 ? "Empty" : "", v >= 5 ? "consumer" : "")));
    }

    private static ListGroupsResponseData kafkaResponse(short v, boolean tags) {
        ListGroupsResponseData.ListedGroup one = new ListGroupsResponseData.ListedGroup().setGroupId("group-1")
                .setProtocolType("consumer").setGroupState(v >= 4 ? "Stable" : "").setGroupType(v >= 5 ? "classic" : "");
        ListGroupsResponseData.ListedGroup two = new ListGroupsResponseData.ListedGroup().setGroupId("group-2")
                .setProtocolType("").setGroupState(v >= 4 ? "Empty" : "").setGroupType(v >= 5 ? "consumer" : "");
        if (tags) {
            withUnknownTag(two, 2);
        }
        ListGroupsResponseData data = new ListGroupsResponseData().setThrottleTimeMs(2).setErrorCode((short) 15)
                .setGroups(List.of(one, two));
        return tags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        assertSameAsKafka(ourResponse(v), ListGroupsResponse::write, ListGroupsResponse::read, kafkaResponse(v, false),
                ListGroupsResponseData::new, v);
        assertSkipsUnknownTags(ourResponse(v), ListGroupsResponse::read, kafkaResponse(v, true), v);
    }

    @Test
    void fieldsTheVersionCannotCarryAreRefused() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> new ListGroupsRequest(List.of("Stable"), List.of()).write(out, (short) 3))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("statesFilter")
                    .hasMessageContaining("v3");
            assertThatThrownBy(() -> new ListGroupsRequest(List.of(), List.of("share")).write(out, (short) 4))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("typesFilter")
                    .hasMessageContaining("v4");
            assertThatThrownBy(() -> ourResponse((short) 5).write(out, (short) 4))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("groupType");
            assertThatThrownBy(() -> ourResponse((short) 4).write(out, (short) 3))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("groupState");
        } finally {
            out.release();
        }
    }
}
