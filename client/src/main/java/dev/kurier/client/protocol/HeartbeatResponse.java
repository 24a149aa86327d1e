package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Heartbeat response (key 12), v4. REBALANCE_IN_PROGRESS here tells the member to rejoin.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param errorCode      the error, or 0
 */
public record HeartbeatResponse(int throttleTimeMs, short errorCode) implements Response {

    /** Reads the body at {@code version}. */
    public static HeartbeatResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.HEARTBEAT, version);
        int throttle = Fields.readInt32(in, "HeartbeatResponse.throttleTimeMs");
        short errorCode = Fields.readInt16(in, "HeartbeatResponse.errorCode");
        Primitives.skipTaggedFields(in);
        return new HeartbeatResponse(throttle, errorCode);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.HEARTBEAT, version);
        out.writeInt(throttleTimeMs);
        out.writeShort(errorCode);
        Primitives.writeEmptyTaggedFields(out);
    }
}
