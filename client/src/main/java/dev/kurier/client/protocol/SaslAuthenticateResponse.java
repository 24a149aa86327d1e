package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * SaslAuthenticate response (key 36), v2: one server message of the SASL exchange.
 *
 * @param errorCode         the error (SASL_AUTHENTICATION_FAILED), or 0
 * @param errorMessage      nullable
 * @param authBytes         the mechanism's bytes; not copied
 * @param sessionLifetimeMs after this many ms the client must re-authenticate, 0 for never
 */
public record SaslAuthenticateResponse(short errorCode, String errorMessage, byte[] authBytes, long sessionLifetimeMs)
        implements Response {

    /** Reads the body at {@code version}. */
    public static SaslAuthenticateResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.SASL_AUTHENTICATE, version);
        short errorCode = Fields.readInt16(in, "SaslAuthenticateResponse.errorCode");
        String errorMessage = Primitives.readCompactNullableString(in);
        byte[] bytes = Fields.readCompactBytes(in, "SaslAuthenticateResponse.authBytes");
        long lifetime = Fields.readInt64(in, "SaslAuthenticateResponse.sessionLifetimeMs");
        Primitives.skipTaggedFields(in);
        return new SaslAuthenticateResponse(errorCode, errorMessage, bytes, lifetime);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.SASL_AUTHENTICATE, version);
        out.writeShort(errorCode);
        Primitives.writeCompactNullableString(out, errorMessage);
        Fields.writeCompactBytes(out, authBytes, "SaslAuthenticateResponse.authBytes");
        out.writeLong(sessionLifetimeMs);
        Primitives.writeEmptyTaggedFields(out);
    }

    /** Does not print the bytes: they may hold credentials. */
    @Override
    public String toString() {
        return "SaslAuthenticateResponse[errorCode=" + errorCode + ", errorMessage=" + errorMessage + ", authBytes="
                + (authBytes == null ? "null" : authBytes.length + " bytes") + ", sessionLifetimeMs="
                + sessionLifetimeMs + "]";
    }
}
