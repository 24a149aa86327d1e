package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HeartbeatCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.HEARTBEAT);
    }

    private static HeartbeatRequestData kafkaRequest(boolean nulls) {
        return new HeartbeatRequestData().setGroupId("group-1").setGenerationId(12).setMemberId("member-1")
                .setGroupInstanceId(nulls ? null : "instance-1");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        for (boolean nulls : new boolean[] {false, true}) {
            HeartbeatRequest ours = new HeartbeatRequest("group-1", 12, "member-1", nulls ? null : "instance-1");
            assertSameAsKafka(ours, HeartbeatRequest::write, HeartbeatRequest::read, kafkaRequest(nulls),
                    HeartbeatRequestData::new, v);
            assertSkipsUnknownTags(ours, HeartbeatRequest::read, withUnknownTag(kafkaRequest(nulls), 1), v);
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        HeartbeatResponse ours = new HeartbeatResponse(33, (short) 27);
        assertSameAsKafka(ours, HeartbeatResponse::write, HeartbeatResponse::read,
                new HeartbeatResponseData().setThrottleTimeMs(33).setErrorCode((short) 27), HeartbeatResponseData::new, v);
        assertSkipsUnknownTags(ours, HeartbeatResponse::read,
                withUnknownTag(new HeartbeatResponseData().setThrottleTimeMs(33).setErrorCode((short) 27), 1), v);
    }

    @Test
    void versionsOutsideTheRangeAreRefused() {
        ByteBuf out = Unpooled.buffer();
        ByteBuf in = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 0, 0, 0});
        try {
            assertThatThrownBy(() -> new HeartbeatRequest("g", 1, "m", null).write(out, (short) 3))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("Heartbeat v3");
            assertThatThrownBy(() -> HeartbeatResponse.read(in, (short) 5))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("Heartbeat v5");
        } finally {
            out.release();
            in.release();
        }
    }
}
