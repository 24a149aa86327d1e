package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * LeaveGroup request (key 13), v4-5: one or more members leave a classic group.
 *
 * @param groupId the group
 * @param members the leaving members
 */
public record LeaveGroupRequest(String groupId, List<MemberIdentity> members) implements Request<LeaveGroupResponse> {

    /**
     * One leaving member.
     *
     * @param memberId        the member id
     * @param groupInstanceId the static membership id, nullable
     * @param reason          why it leaves, nullable (v5+; default null)
     */
    public record MemberIdentity(String memberId, String groupInstanceId, String reason) {
    }

    /** Copies the member list. */
    public LeaveGroupRequest {
        members = Fields.copyOrEmpty(members);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LEAVE_GROUP;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.LEAVE_GROUP, version);
        if (version < 5) {
            for (MemberIdentity m : members) {
                VersionRules.requireDefault(m.reason() == null, "LeaveGroupRequest.members.reason", version, "v5+");
            }
        }
        Fields.writeCompactString(out, groupId, "LeaveGroupRequest.groupId");
        Fields.writeCompactArray(out, members, (o, m) -> {
            Fields.writeCompactString(o, m.memberId(), "LeaveGroupRequest.members.memberId");
            Primitives.writeCompactNullableString(o, m.groupInstanceId());
            if (version >= 5) {
                Primitives.writeCompactNullableString(o, m.reason());
            }
            Primitives.writeEmptyTaggedFields(o);
        });
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public LeaveGroupResponse readResponse(ByteBuf in, short version) {
        return LeaveGroupResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static LeaveGroupRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.LEAVE_GROUP, version);
        String groupId = Fields.readCompactString(in, "LeaveGroupRequest.groupId");
        List<MemberIdentity> members = Fields.readCompactArray(in, "LeaveGroupRequest.members", b -> {
            String memberId = Fields.readCompactString(b, "LeaveGroupRequest.members.memberId");
            String instanceId = Primitives.readCompactNullableString(b);
            String reason = version >= 5 ? Primitives.readCompactNullableString(b) : null;
            Primitives.skipTaggedFields(b);
            return new MemberIdentity(memberId, instanceId, reason);
        });
        Primitives.skipTaggedFields(in);
        return new LeaveGroupRequest(groupId, members);
    }
}
