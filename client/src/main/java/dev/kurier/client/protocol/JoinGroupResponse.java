package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * JoinGroup response (key 11), v6-9. The leader receives every member's metadata in {@code members}; the
 * others receive an empty list.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param errorCode      the error, or 0
 * @param generationId   the group generation (default -1)
 * @param protocolType   the group's protocol type, nullable (v7+; default null)
 * @param protocolName   the protocol the coordinator chose; nullable from v7, not null at v6
 * @param leader         the leader's member id
 * @param skipAssignment whether the leader must skip running the assignment (v9+; default false)
 * @param memberId       this member's id
 * @param members        the members and their metadata (leader only)
 */
public record JoinGroupResponse(int throttleTimeMs, short errorCode, int generationId, String protocolType,
        String protocolName, String leader, boolean skipAssignment, String memberId, List<Member> members)
        implements Response {

    /**
     * One group member as the leader sees it.
     *
     * @param groupInstanceId nullable
     * @param metadata        the member's protocol metadata; not copied
     */
    public record Member(String memberId, String groupInstanceId, byte[] metadata) {
    }

    /** Copies the member list. */
    public JoinGroupResponse {
        members = Fields.copyOrEmpty(members);
    }

    /** Reads the body at {@code version}. */
    public static JoinGroupResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.JOIN_GROUP, version);
        int throttle = Fields.readInt32(in, "JoinGroupResponse.throttleTimeMs");
        short errorCode = Fields.readInt16(in, "JoinGroupResponse.errorCode");
        int generationId = Fields.readInt32(in, "JoinGroupResponse.generationId");
        String protocolType = version >= 7 ? Primitives.readCompactNullableString(in) : null;
        String protocolName = version >= 7 ? Primitives.readCompactNullableString(in)
                : Fields.readCompactString(in, "JoinGroupResponse.protocolName");
        String leader = Fields.readCompactString(in, "JoinGroupResponse.leader");
        boolean skipAssignment = version >= 9 && Fields.readBoolean(in, "JoinGroupResponse.skipAssignment");
        String memberId = Fields.readCompactString(in, "JoinGroupResponse.memberId");
        List<Member> members = Fields.readCompactArray(in, "JoinGroupResponse.members", b -> {
            String id = Fields.readCompactString(b, "JoinGroupResponse.members.memberId");
            String instanceId = Primitives.readCompactNullableString(b);
            byte[] metadata = Fields.readCompactBytes(b, "JoinGroupResponse.members.metadata");
            Primitives.skipTaggedFields(b);
            return new Member(id, instanceId, metadata);
        });
        Primitives.skipTaggedFields(in);
        return new JoinGroupResponse(throttle, errorCode, generationId, protocolType, protocolName, leader,
                skipAssignment, memberId, members);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.JOIN_GROUP, version);
        if (version < 7) {
            VersionRules.requireDefault(protocolType == null, "JoinGroupResponse.protocolType", version, "v7+");
            VersionRules.requireNonNullAt(protocolName, "JoinGroupResponse.protocolName", version, "v7+");
        }
        if (version < 9) {
            VersionRules.requireDefault(!skipAssignment, "JoinGroupResponse.skipAssignment", version, "v9+");
        }
        out.writeInt(throttleTimeMs);
        out.writeShort(errorCode);
        out.writeInt(generationId);
        if (version >= 7) {
            Primitives.writeCompactNullableString(out, protocolType);
        }
        Primitives.writeCompactNullableString(out, protocolName);
        Fields.writeCompactString(out, leader, "JoinGroupResponse.leader");
        if (version >= 9) {
            out.writeBoolean(skipAssignment);
        }
        Fields.writeCompactString(out, memberId, "JoinGroupResponse.memberId");
        Fields.writeCompactArray(out, members, (o, m) -> {
            Fields.writeCompactString(o, m.memberId(), "JoinGroupResponse.members.memberId");
            Primitives.writeCompactNullableString(o, m.groupInstanceId());
            Fields.writeCompactBytes(o, m.metadata(), "JoinGroupResponse.members.metadata");
            Primitives.writeEmptyTaggedFields(o);
        });
        Primitives.writeEmptyTaggedFields(out);
    }
}
