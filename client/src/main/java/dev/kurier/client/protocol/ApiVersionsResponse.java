package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * ApiVersions response (key 18), v3-v4. A broker that does not support the requested version answers
 * with a v0 body and {@link Errors#UNSUPPORTED_VERSION} carrying its own range; that body is read here too.
 *
 * <p>The feature tagged fields (tags 0-3) are skipped: Kurier does not use them.
 */
public record ApiVersionsResponse(short errorCode, List<ApiVersion> apiKeys, int throttleTimeMs)
        implements Response {

    /** One API's supported version range as the broker advertises it. */
    public record ApiVersion(short apiKey, short minVersion, short maxVersion) {
    }

    /** Reads the body; falls back to the v0 layout when the broker answered UNSUPPORTED_VERSION. */
    public static ApiVersionsResponse read(ByteBuf in, short version) {
        Primitives.checkReadable(in, 2, "ApiVersions error code");
        short errorCode = in.readShort();
        if (errorCode == Errors.UNSUPPORTED_VERSION.code) {
            int n = Primitives.readArrayLength(in);
            List<ApiVersion> keys = new ArrayList<>(Math.max(n, 0));
            for (int i = 0; i < n; i++) {
                Primitives.checkReadable(in, 6, "ApiVersions entry");
                keys.add(new ApiVersion(in.readShort(), in.readShort(), in.readShort()));
            }
            return new ApiVersionsResponse(errorCode, keys, 0);
        }
        int n = Primitives.readCompactArrayLength(in);
        List<ApiVersion> keys = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            Primitives.checkReadable(in, 6, "ApiVersions entry");
            keys.add(new ApiVersion(in.readShort(), in.readShort(), in.readShort()));
            Primitives.skipTaggedFields(in);
        }
        Primitives.checkReadable(in, 4, "ApiVersions throttle time");
        int throttle = in.readInt();
        Primitives.skipTaggedFields(in);
        return new ApiVersionsResponse(errorCode, List.copyOf(keys), throttle);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        out.writeShort(errorCode);
        Primitives.writeCompactArrayLength(out, apiKeys.size());
        for (ApiVersion v : apiKeys) {
            out.writeShort(v.apiKey());
            out.writeShort(v.minVersion());
            out.writeShort(v.maxVersion());
            Primitives.writeEmptyTaggedFields(out);
        }
        out.writeInt(throttleTimeMs);
        Primitives.writeEmptyTaggedFields(out);
    }
}
