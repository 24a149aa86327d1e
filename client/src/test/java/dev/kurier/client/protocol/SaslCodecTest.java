package dev.kurier.client.protocol;

import static dev.kurier.client.protocol.KafkaOracle.assertSameAsKafka;
import static dev.kurier.client.protocol.KafkaOracle.assertSkipsUnknownTags;
import static dev.kurier.client.protocol.KafkaOracle.withUnknownTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SaslCodecTest {

    private static final byte[] CLIENT_FIRST = "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL".getBytes(StandardCharsets.UTF_8);

    static Stream<Short> handshakeVersions() {
        return KafkaOracle.versions(ApiKey.SASL_HANDSHAKE);
    }

    static Stream<Short> authenticateVersions() {
        return KafkaOracle.versions(ApiKey.SASL_AUTHENTICATE);
    }

    @ParameterizedTest
    @MethodSource("handshakeVersions")
    void handshakeRequestMatchesKafka(short v) {
        assertSameAsKafka(new SaslHandshakeRequest("SCRAM-SHA-512"), SaslHandshakeRequest::write,
                SaslHandshakeRequest::read, new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-512"),
                SaslHandshakeRequestData::new, v);
    }

    @ParameterizedTest
    @MethodSource("handshakeVersions")
    void handshakeResponseMatchesKafka(short v) {
        assertSameAsKafka(new SaslHandshakeResponse((short) 33, List.of("PLAIN", "SCRAM-SHA-256")),
                SaslHandshakeResponse::write, SaslHandshakeResponse::read,
                new SaslHandshakeResponseData().setErrorCode((short) 33).setMechanisms(List.of("PLAIN", "SCRAM-SHA-256")),
                SaslHandshakeResponseData::new, v);
        assertSameAsKafka(new SaslHandshakeResponse((short) 0, List.of()), SaslHandshakeResponse::write,
                SaslHandshakeResponse::read, new SaslHandshakeResponseData().setErrorCode((short) 0).setMechanisms(List.of()),
                SaslHandshakeResponseData::new, v);
    }

    @Test
    void handshakeIsNotFlexible() {
        assertThat(ApiKey.SASL_HANDSHAKE.requestHeaderVersion((short) 1)).isEqualTo((short) 1);
        assertThat(ApiKey.SASL_HANDSHAKE.responseHeaderVersion((short) 1)).isEqualTo((short) 0);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> new SaslHandshakeRequest("PLAIN").write(out, (short) 0))
                    .isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("SaslHandshake v0");
        } finally {
            out.release();
        }
    }

    @ParameterizedTest
    @MethodSource("authenticateVersions")
    void authenticateRequestMatchesKafka(short v) {
        SaslAuthenticateRequest ours = new SaslAuthenticateRequest(CLIENT_FIRST);
        assertSameAsKafka(ours, SaslAuthenticateRequest::write, SaslAuthenticateRequest::read,
                new SaslAuthenticateRequestData().setAuthBytes(CLIENT_FIRST), SaslAuthenticateRequestData::new, v);
        assertSkipsUnknownTags(ours, SaslAuthenticateRequest::read,
                withUnknownTag(new SaslAuthenticateRequestData().setAuthBytes(CLIENT_FIRST), 1), v);
    }

    @ParameterizedTest
    @MethodSource("authenticateVersions")
    void authenticateResponseMatchesKafka(short v) {
        SaslAuthenticateResponse failed = new SaslAuthenticateResponse((short) 58, "Authentication failed", new byte[0],
                0L);
        assertSameAsKafka(failed, SaslAuthenticateResponse::write, SaslAuthenticateResponse::read,
                new SaslAuthenticateResponseData().setErrorCode((short) 58).setErrorMessage("Authentication failed")
                        .setAuthBytes(new byte[0]).setSessionLifetimeMs(0L),
                SaslAuthenticateResponseData::new, v);
        SaslAuthenticateResponse ok = new SaslAuthenticateResponse((short) 0, null, CLIENT_FIRST, 3_600_000L);
        SaslAuthenticateResponseData kafkaOk = new SaslAuthenticateResponseData().setErrorCode((short) 0)
                .setErrorMessage(null).setAuthBytes(CLIENT_FIRST).setSessionLifetimeMs(3_600_000L);
        assertSameAsKafka(ok, SaslAuthenticateResponse::write, SaslAuthenticateResponse::read, kafkaOk,
                SaslAuthenticateResponseData::new, v);
        assertSkipsUnknownTags(ok, SaslAuthenticateResponse::read, withUnknownTag(kafkaOk.duplicate(), 1), v);
    }

    @Test
    void authBytesStayOutOfToString() {
        assertThat(new SaslAuthenticateRequest(CLIENT_FIRST).toString()).doesNotContain("user").contains("bytes");
        assertThat(new SaslAuthenticateResponse((short) 0, null, CLIENT_FIRST, 1L).toString()).doesNotContain("user");
    }
}
