package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FindCoordinatorCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.FIND_COORDINATOR);
    }

    private static FindCoordinatorRequest ourRequest(short v) {
        return v <= 3
                ? FindCoordinatorRequest.forKey(FindCoordinatorRequest.KEY_TYPE_TRANSACTION, "txn-é")
                : FindCoordinatorRequest.forKeys((byte) (v == 6 ? 2 : 1), List.of("group-a", "group-b"));
    }

    private static FindCoordinatorRequestData kafkaRequest(short v) {
        return v <= 3
                ? new FindCoordinatorRequestData().setKey("txn-é").setKeyType((byte) 1)
                : new FindCoordinatorRequestData().setKeyType((byte) (v == 6 ? 2 : 1))
                        .setCoordinatorKeys(List.of("group-a", "group-b"));
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        assertSameAsKafka(ourRequest(v), FindCoordinatorRequest::write, FindCoordinatorRequest::read, kafkaRequest(v),
                FindCoordinatorRequestData::new, v);
        assertSkipsUnknownTags(ourRequest(v), FindCoordinatorRequest::read, withUnknownTag(kafkaRequest(v), 1), v);
    }

    private static FindCoordinatorResponse ourResponse(short v, String message) {
        if (v <= 3) {
            return new FindCoordinatorResponse(17, (short) 15, message, 3, "broker-3", 9093, List.of());
        }
        return new FindCoordinatorResponse(17, (short) 0, "", 0, "", 0, List.of(
                new FindCoordinatorResponse.Coordinator("group-a", 1, "broker-1", 9092, (short) 0, message),
                new FindCoordinatorResponse.Coordinator("group-b", -1, "", -1, (short) 15, "not yet")));
    }

    private static FindCoordinatorResponseData kafkaResponse(short v, String message, boolean unknownTags) {
        FindCoordinatorResponseData data = new FindCoordinatorResponseData().setThrottleTimeMs(17);
        if (v <= 3) {
            data.setErrorCode((short) 15).setErrorMessage(message).setNodeId(3).setHost("broker-3").setPort(9093);
        } else {
            FindCoordinatorResponseData.Coordinator a = new FindCoordinatorResponseData.Coordinator().setKey("group-a")
                    .setNodeId(1).setHost("broker-1").setPort(9092).setErrorCode((short) 0).setErrorMessage(message);
            FindCoordinatorResponseData.Coordinator b = new FindCoordinatorResponseData.Coordinator().setKey("group-b")
                    .setNodeId(-1).setHost("").setPort(-1).setErrorCode((short) 15).setErrorMessage("not yet");
            if (unknownTags) {
                withUnknownTag(a, 2);
                withUnknownTag(b, 3);
            }
            data.setCoordinators(List.of(a, b));
        }
        return unknownTags ? withUnknownTag(data, 1) : data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        for (String message : new String[] {"coordinator loading", null}) {
            assertSameAsKafka(ourResponse(v, message), FindCoordinatorResponse::write, FindCoordinatorResponse::read,
                    kafkaResponse(v, message, false), FindCoordinatorResponseData::new, v);
            assertSkipsUnknownTags(ourResponse(v, message), FindCoordinatorResponse::read,
                    kafkaResponse(v, message, true), v);
        }
    }

    @Test
    void resultsGiveOneViewAtEveryVersion() {
        assertThat(ourResponse((short) 3, null).results("txn"))
                .containsExactly(new FindCoordinatorResponse.Coordinator("txn", 3, "broker-3", 9093, (short) 15, null));
        assertThat(ourResponse((short) 4, "m").results("ignored")).extracting(FindCoordinatorResponse.Coordinator::key)
                .containsExactly("group-a", "group-b");
    }

    @Test
    void fieldsTheVersionCannotCarryAreRefused() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> new FindCoordinatorRequest("g", (byte) 0, List.of("g")).write(out, (short) 3))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("coordinatorKeys")
                    .hasMessageContaining("v3");
            assertThatThrownBy(() -> new FindCoordinatorRequest("g", (byte) 0, List.of("g")).write(out, (short) 4))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("FindCoordinatorRequest.key")
                    .hasMessageContaining("v4");
            assertThatThrownBy(() -> ourResponse((short) 3, null).write(out, (short) 5))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("errorCode")
                    .hasMessageContaining("v5");
            assertThatThrownBy(() -> ourResponse((short) 4, null).write(out, (short) 3))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("coordinators");
            assertThatThrownBy(() -> ourRequest((short) 3).write(out, (short) 2))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v2");
            assertThatThrownBy(() -> ourRequest((short) 6).write(out, (short) 7))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v7");
        } finally {
            out.release();
        }
    }
}
