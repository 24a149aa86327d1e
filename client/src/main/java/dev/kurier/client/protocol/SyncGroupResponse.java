package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * SyncGroup response (key 14), v4-5: this member's assignment.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param errorCode      the error, or 0
 * @param protocolType   the protocol type, nullable (v5+; default null)
 * @param protocolName   the protocol name, nullable (v5+; default null)
 * @param assignment     this member's assignment bytes; not copied
 */
public record SyncGroupResponse(int throttleTimeMs, short errorCode, String protocolType, String protocolName,
        byte[] assignment) implements Response {

    /** Reads the body at {@code version}. */
    public static SyncGroupResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.SYNC_GROUP, version);
        int throttle = Fields.readInt32(in, "SyncGroupResponse.throttleTimeMs");
        short errorCode = Fields.readInt16(in, "SyncGroupResponse.errorCode");
        String protocolType = null;
        String protocolName = null;
        if (version >= 5) {
            protocolType = Primitives.readCompactNullableString(in);
            protocolName = Primitives.readCompactNullableString(in);
        }
        byte[] assignment = Fields.readCompactBytes(in, "SyncGroupResponse.assignment");
        Primitives.skipTaggedFields(in);
        return new SyncGroupResponse(throttle, errorCode, protocolType, protocolName, assignment);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.SYNC_GROUP, version);
        if (version < 5) {
            VersionRules.requireDefault(protocolType == null, "SyncGroupResponse.protocolType", version, "v5+");
            VersionRules.requireDefault(protocolName == null, "SyncGroupResponse.protocolName", version, "v5+");
        }
        out.writeInt(throttleTimeMs);
        out.writeShort(errorCode);
        if (version >= 5) {
            Primitives.writeCompactNullableString(out, protocolType);
            Primitives.writeCompactNullableString(out, protocolName);
        }
        Fields.writeCompactBytes(out, assignment, "SyncGroupResponse.assignment");
        Primitives.writeEmptyTaggedFields(out);
    }
}
