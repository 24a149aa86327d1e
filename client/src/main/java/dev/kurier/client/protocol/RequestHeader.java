package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Request header v1 (api_key, api_version, correlation_id, client_id) and v2 (v1 plus tagged fields).
 * client_id keeps its int16 length even in v2.
 */
public record RequestHeader(ApiKey apiKey, short apiVersion, int correlationId, String clientId) {

    /** The bytes of a header besides the client id's characters: key, version, correlation id, length, tags. */
    public static final int MAX_FIXED_SIZE = 2 + 2 + 4 + 2 + 1;

    /** Writes this header at the header version the API version calls for. */
    public void write(ByteBuf out) {
        out.writeShort(apiKey.id);
        out.writeShort(apiVersion);
        out.writeInt(correlationId);
        Primitives.writeNullableString(out, clientId);
        if (apiKey.requestHeaderVersion(apiVersion) >= 2) {
            Primitives.writeEmptyTaggedFields(out);
        }
    }

    /** Reads a request header (used by tests and by tools that inspect requests). */
    public static RequestHeader read(ByteBuf in) {
        Primitives.checkReadable(in, 8, "request header");
        short key = in.readShort();
        short version = in.readShort();
        int correlationId = in.readInt();
        String clientId = Primitives.readNullableString(in);
        ApiKey apiKey = ApiKey.forId(key);
        if (apiKey == null) {
            throw new ProtocolException("unknown api key " + key);
        }
        if (apiKey.requestHeaderVersion(version) >= 2) {
            Primitives.skipTaggedFields(in);
        }
        return new RequestHeader(apiKey, version, correlationId, clientId);
    }
}
