package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * SaslHandshake request (key 17), v1: names the SASL mechanism; the exchange itself then runs over
 * SaslAuthenticate. Not flexible: classic int16-length strings, request header v1 and response header v0.
 *
 * @param mechanism the SASL mechanism, e.g. "PLAIN" or "SCRAM-SHA-512"
 */
public record SaslHandshakeRequest(String mechanism) implements Request<SaslHandshakeResponse> {

    @Override
    public ApiKey apiKey() {
        return ApiKey.SASL_HANDSHAKE;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.SASL_HANDSHAKE, version);
        Fields.writeString(out, mechanism, "SaslHandshakeRequest.mechanism");
    }

    @Override
    public SaslHandshakeResponse readResponse(ByteBuf in, short version) {
        return SaslHandshakeResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static SaslHandshakeRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.SASL_HANDSHAKE, version);
        return new SaslHandshakeRequest(Fields.readString(in, "SaslHandshakeRequest.mechanism"));
    }
}
