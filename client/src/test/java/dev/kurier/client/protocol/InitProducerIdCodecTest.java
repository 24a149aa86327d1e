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
import java.util.stream.Stream;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InitProducerIdCodecTest {

    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.INIT_PRODUCER_ID);
    }

    private static InitProducerIdRequest ourRequest(short v, boolean nulls) {
        return new InitProducerIdRequest(nulls ? null : "txn-1", 60_000, v >= 3 ? 1_234_567_890_123L : -1L,
                (short) (v >= 3 ? 7 : -1));
    }

    private static InitProducerIdRequestData kafkaRequest(short v, boolean nulls) {
        return new InitProducerIdRequestData().setTransactionalId(nulls ? null : "txn-1").setTransactionTimeoutMs(60_000)
                .setProducerId(v >= 3 ? 1_234_567_890_123L : -1L).setProducerEpoch((short) (v >= 3 ? 7 : -1));
    }

    @ParameterizedTest
    @MethodSource("versions")
    void requestMatchesKafka(short v) {
        for (boolean nulls : new boolean[] {false, true}) {
            assertSameAsKafka(ourRequest(v, nulls), InitProducerIdRequest::write, InitProducerIdRequest::read,
                    kafkaRequest(v, nulls), InitProducerIdRequestData::new, v);
            assertSkipsUnknownTags(ourRequest(v, nulls), InitProducerIdRequest::read,
                    withUnknownTag(kafkaRequest(v, nulls), 1), v);
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void idempotentRequestIsWhatKafkaClientsSends(short v) {
        InitProducerIdRequestData kafka = new InitProducerIdRequestData().setTransactionalId(null)
                .setTransactionTimeoutMs(Integer.MAX_VALUE);
        assertThat(ourBytes(InitProducerIdRequest.idempotent(), InitProducerIdRequest::write, v))
                .isEqualTo(kafkaBytes(kafka, v));
    }

    @ParameterizedTest
    @MethodSource("versions")
    void responseMatchesKafka(short v) {
        InitProducerIdResponse ours = new InitProducerIdResponse(3, (short) 51, 1_234_567_890_123L, (short) 8);
        InitProducerIdResponseData kafka = new InitProducerIdResponseData().setThrottleTimeMs(3).setErrorCode((short) 51)
                .setProducerId(1_234_567_890_123L).setProducerEpoch((short) 8);
        assertSameAsKafka(ours, InitProducerIdResponse::write, InitProducerIdResponse::read, kafka,
                InitProducerIdResponseData::new, v);
        assertSkipsUnknownTags(ours, InitProducerIdResponse::read, withUnknownTag(kafka.duplicate(), 1), v);
    }

    @Test
    void epochBumpNeedsV3() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> ourRequest((short) 3, false).write(out, (short) 2))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("InitProducerIdRequest.producerId")
                    .hasMessageContaining("v2");
            assertThatThrownBy(() -> new InitProducerIdRequest(null, 1, -1L, (short) 0).write(out, (short) 2))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("producerEpoch");
            assertThatThrownBy(() -> ourRequest((short) 5, false).write(out, (short) 6))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("v6");
        } finally {
            out.release();
        }
    }
}
