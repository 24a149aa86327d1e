package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * SyncGroup request (key 14), v4-5: every member asks for its assignment; the leader also sends everyone's
 * (for consumers, a {@link ConsumerProtocolAssignment} per member).
 *
 * @param groupId         the group
 * @param generationId    the generation from JoinGroup
 * @param memberId        this member's id
 * @param groupInstanceId the static membership id, nullable
 * @param protocolType    the protocol type, nullable (v5+; default null)
 * @param protocolName    the protocol name, nullable (v5+; default null)
 * @param assignments     the leader's assignments; empty from followers
 */
public record SyncGroupRequest(String groupId, int generationId, String memberId, String groupInstanceId,
        String protocolType, String protocolName, List<Assignment> assignments) implements Request<SyncGroupResponse> {

    /**
     * One member's assignment.
     *
     * @param assignment the assignment bytes; not copied
     */
    public record Assignment(String memberId, byte[] assignment) {
    }

    /** Copies the assignment list. */
    public SyncGroupRequest {
        assignments = Fields.copyOrEmpty(assignments);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SYNC_GROUP;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.SYNC_GROUP, version);
        if (version < 5) {
            VersionRules.requireDefault(protocolType == null, "SyncGroupRequest.protocolType", version, "v5+");
            VersionRules.requireDefault(protocolName == null, "SyncGroupRequest.protocolName", version, "v5+");
        }
        Fields.writeCompactString(out, groupId, "SyncGroupRequest.groupId");
        out.writeInt(generationId);
        Fields.writeCompactString(out, memberId, "SyncGroupRequest.memberId");
        Primitives.writeCompactNullableString(out, groupInstanceId);
        if (version >= 5) {
            Primitives.writeCompactNullableString(out, protocolType);
            Primitives.writeCompactNullableString(out, protocolName);
        }
        Fields.writeCompactArray(out, assignments, (o, a) -> {
            Fields.writeCompactString(o, a.memberId(), "SyncGroupRequest.assignments.memberId");
            Fields.writeCompactBytes(o, a.assignment(), "SyncGroupRequest.assignments.assignment");
            Primitives.writeEmptyTaggedFields(o);
        });
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public SyncGroupResponse readResponse(ByteBuf in, short version) {
        return SyncGroupResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static SyncGroupRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.SYNC_GROUP, version);
        String groupId = Fields.readCompactString(in, "SyncGroupRequest.groupId");
        int generationId = Fields.readInt32(in, "SyncGroupRequest.generationId");
        String memberId = Fields.readCompactString(in, "SyncGroupRequest.memberId");
        String instanceId = Primitives.readCompactNullableString(in);
        String protocolType = null;
        String protocolName = null;
        if (version >= 5) {
            protocolType = Primitives.readCompactNullableString(in);
            protocolName = Primitives.readCompactNullableString(in);
        }
        List<Assignment> assignments = Fields.readCompactArray(in, "SyncGroupRequest.assignments", b -> {
            String id = Fields.readCompactString(b, "SyncGroupRequest.assignments.memberId");
            byte[] assignment = Fields.readCompactBytes(b, "SyncGroupRequest.assignments.assignment");
            Primitives.skipTaggedFields(b);
            return new Assignment(id, assignment);
        });
        Primitives.skipTaggedFields(in);
        return new SyncGroupRequest(groupId, generationId, memberId, instanceId, protocolType, protocolName,
                assignments);
    }
}
