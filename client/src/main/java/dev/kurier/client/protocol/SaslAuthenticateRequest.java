package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * SaslAuthenticate request (key 36), v2: one client message of the SASL exchange.
 *
 * @param authBytes the mechanism's bytes; not copied
 */
public record SaslAuthenticateRequest(byte[] authBytes) implements Request<SaslAuthenticateResponse> {

    @Override
    public ApiKey apiKey() {
        return ApiKey.SASL_AUTHENTICATE;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.SASL_AUTHENTICATE, version);
        Fields.writeCompactBytes(out, authBytes, "SaslAuthenticateRequest.authBytes");
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public SaslAuthenticateResponse readResponse(ByteBuf in, short version) {
        return SaslAuthenticateResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static SaslAuthenticateRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.SASL_AUTHENTICATE, version);
        byte[] bytes = Fields.readCompactBytes(in, "SaslAuthenticateRequest.authBytes");
        Primitives.skipTaggedFields(in);
        return new SaslAuthenticateRequest(bytes);
    }

    /** Does not print the bytes: they may hold credentials. */
    @Override
    public String toString() {
        return "SaslAuthenticateRequest[authBytes=" + (authBytes == null ? "null" : authBytes.length + " bytes") + "]";
    }
}
