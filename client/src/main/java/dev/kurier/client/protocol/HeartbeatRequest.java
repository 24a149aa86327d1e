package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Heartbeat request (key 12), v4: a classic-group member tells the coordinator it is alive.
 *
 * @param groupId         the group
 * @param generationId    the generation from JoinGroup
 * @param memberId        this member's id
 * @param groupInstanceId the static membership id, nullable
 */
public record HeartbeatRequest(String groupId, int generationId, String memberId, String groupInstanceId)
        implements Request<HeartbeatResponse> {

    @Override
    public ApiKey apiKey() {
        return ApiKey.HEARTBEAT;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.HEARTBEAT, version);
        Fields.writeCompactString(out, groupId, "HeartbeatRequest.groupId");
        out.writeInt(generationId);
        Fields.writeCompactString(out, memberId, "HeartbeatRequest.memberId");
        Primitives.writeCompactNullableString(out, groupInstanceId);
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public HeartbeatResponse readResponse(ByteBuf in, short version) {
        return HeartbeatResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static HeartbeatRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.HEARTBEAT, version);
        String groupId = Fields.readCompactString(in, "HeartbeatRequest.groupId");
        int generationId = Fields.readInt32(in, "HeartbeatRequest.generationId");
        String memberId = Fields.readCompactString(in, "HeartbeatRequest.memberId");
        String instanceId = Primitives.readCompactNullableString(in);
        Primitives.skipTaggedFields(in);
        return new HeartbeatRequest(groupId, generationId, memberId, instanceId);
    }
}
