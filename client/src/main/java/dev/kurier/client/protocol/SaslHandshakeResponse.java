package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * SaslHandshake response (key 17), v1 (not flexible).
 *
 * @param errorCode  the error (UNSUPPORTED_SASL_MECHANISM when the broker does not enable the mechanism), or 0
 * @param mechanisms the mechanisms the broker enables
 */
public record SaslHandshakeResponse(short errorCode, List<String> mechanisms) implements Response {

    /** Copies the mechanism list. */
    public SaslHandshakeResponse {
        mechanisms = Fields.copyOrEmpty(mechanisms);
    }

    /** Reads the body at {@code version}. */
    public static SaslHandshakeResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.SASL_HANDSHAKE, version);
        short errorCode = Fields.readInt16(in, "SaslHandshakeResponse.errorCode");
        List<String> mechanisms = Fields.readStringArray(in, "SaslHandshakeResponse.mechanisms");
        return new SaslHandshakeResponse(errorCode, mechanisms);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.SASL_HANDSHAKE, version);
        out.writeShort(errorCode);
        Fields.writeStringArray(out, mechanisms, "SaslHandshakeResponse.mechanisms");
    }
}
