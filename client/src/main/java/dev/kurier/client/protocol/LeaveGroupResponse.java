package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * LeaveGroup response (key 13), v4-5: a top-level error and one result per leaving member.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param errorCode      the top-level error, or 0
 * @param members        per-member results
 */
public record LeaveGroupResponse(int throttleTimeMs, short errorCode, List<MemberResponse> members)
        implements Response {

    /**
     * One member's result.
     *
     * @param groupInstanceId nullable
     */
    public record MemberResponse(String memberId, String groupInstanceId, short errorCode) {
    }

    /** Copies the member list. */
    public LeaveGroupResponse {
        members = Fields.copyOrEmpty(members);
    }

    /** Reads the body at {@code version}. */
    public static LeaveGroupResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.LEAVE_GROUP, version);
        int throttle = Fields.readInt32(in, "LeaveGroupResponse.throttleTimeMs");
        short errorCode = Fields.readInt16(in, "LeaveGroupResponse.errorCode");
        List<MemberResponse> members = Fields.readCompactArray(in, "LeaveGroupResponse.members", b -> {
            String memberId = Fields.readCompactString(b, "LeaveGroupResponse.members.memberId");
            String instanceId = Primitives.readCompactNullableString(b);
            short memberError = Fields.readInt16(b, "LeaveGroupResponse.members.errorCode");
            Primitives.skipTaggedFields(b);
            return new MemberResponse(memberId, instanceId, memberError);
        });
        Primitives.skipTaggedFields(in);
        return new LeaveGroupResponse(throttle, errorCode, members);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.LEAVE_GROUP, version);
        out.writeInt(throttleTimeMs);
        out.writeShort(errorCode);
        Fields.writeCompactArray(out, members, (o, m) -> {
            Fields.writeCompactString(o, m.memberId(), "LeaveGroupResponse.members.memberId");
            Primitives.writeCompactNullableString(o, m.groupInstanceId());
            o.writeShort(m.errorCode());
            Primitives.writeEmptyTaggedFields(o);
        });
        Primitives.writeEmptyTaggedFields(out);
    }
}
