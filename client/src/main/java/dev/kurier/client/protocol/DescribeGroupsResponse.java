package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeGroups response (key 15), v5-6. v6 reports an unknown group as GROUP_ID_NOT_FOUND with a message.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param groups         one entry per requested group
 */
public record DescribeGroupsResponse(int throttleTimeMs, List<DescribedGroup> groups) implements Response {

    /** Value of {@link DescribedGroup#authorizedOperations()} when they were not requested. */
    public static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    /**
     * One described group.
     *
     * @param errorCode            the error, or 0
     * @param errorMessage         the error message, nullable (v6+; default null)
     * @param groupState           the state name, or ""
     * @param protocolType         the protocol type, or ""
     * @param protocolData         the chosen protocol (assignor) name, or ""
     * @param members              the members (empty for a dead group)
     * @param authorizedOperations a bit field of allowed operations, or {@link #AUTHORIZED_OPERATIONS_OMITTED}
     */
    public record DescribedGroup(short errorCode, String errorMessage, String groupId, String groupState,
            String protocolType, String protocolData, List<Member> members, int authorizedOperations) {
        /** Copies the member list. */
        public DescribedGroup {
            members = Fields.copyOrEmpty(members);
        }
    }

    /**
     * One member.
     *
     * @param groupInstanceId  the static membership id, nullable
     * @param memberMetadata   the member's protocol metadata; not copied
     * @param memberAssignment the member's assignment; not copied
     */
    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
            byte[] memberMetadata, byte[] memberAssignment) {
    }

    /** Copies the group list. */
    public DescribeGroupsResponse {
        groups = Fields.copyOrEmpty(groups);
    }

    /** Reads the body at {@code version}. */
    public static DescribeGroupsResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.DESCRIBE_GROUPS, version);
        int throttle = Fields.readInt32(in, "DescribeGroupsResponse.throttleTimeMs");
        List<DescribedGroup> groups = Fields.readCompactArray(in, "DescribeGroupsResponse.groups", g -> {
            short errorCode = Fields.readInt16(g, "DescribeGroupsResponse.groups.errorCode");
            String errorMessage = version >= 6 ? Primitives.readCompactNullableString(g) : null;
            String groupId = Fields.readCompactString(g, "DescribeGroupsResponse.groups.groupId");
            String state = Fields.readCompactString(g, "DescribeGroupsResponse.groups.groupState");
            String protocolType = Fields.readCompactString(g, "DescribeGroupsResponse.groups.protocolType");
            String protocolData = Fields.readCompactString(g, "DescribeGroupsResponse.groups.protocolData");
            List<Member> members = Fields.readCompactArray(g, "DescribeGroupsResponse.groups.members",
                    DescribeGroupsResponse::readMember);
            int operations = Fields.readInt32(g, "DescribeGroupsResponse.groups.authorizedOperations");
            Primitives.skipTaggedFields(g);
            return new DescribedGroup(errorCode, errorMessage, groupId, state, protocolType, protocolData, members,
                    operations);
        });
        Primitives.skipTaggedFields(in);
        return new DescribeGroupsResponse(throttle, groups);
    }

    private static Member readMember(ByteBuf in) {
        String memberId = Fields.readCompactString(in, "DescribeGroupsResponse.members.memberId");
        String instanceId = Primitives.readCompactNullableString(in);
        String clientId = Fields.readCompactString(in, "DescribeGroupsResponse.members.clientId");
        String clientHost = Fields.readCompactString(in, "DescribeGroupsResponse.members.clientHost");
        byte[] metadata = Fields.readCompactBytes(in, "DescribeGroupsResponse.members.memberMetadata");
        byte[] assignment = Fields.readCompactBytes(in, "DescribeGroupsResponse.members.memberAssignment");
        Primitives.skipTaggedFields(in);
        return new Member(memberId, instanceId, clientId, clientHost, metadata, assignment);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.DESCRIBE_GROUPS, version);
        out.writeInt(throttleTimeMs);
        Fields.writeCompactArray(out, groups, (o, g) -> {
            o.writeShort(g.errorCode());
            if (version >= 6) {
                Primitives.writeCompactNullableString(o, g.errorMessage());
            } else {
                VersionRules.requireDefault(g.errorMessage() == null, "DescribeGroupsResponse.groups.errorMessage",
                        version, "v6+");
            }
            Fields.writeCompactString(o, g.groupId(), "DescribeGroupsResponse.groups.groupId");
            Fields.writeCompactString(o, g.groupState(), "DescribeGroupsResponse.groups.groupState");
            Fields.writeCompactString(o, g.protocolType(), "DescribeGroupsResponse.groups.protocolType");
            Fields.writeCompactString(o, g.protocolData(), "DescribeGroupsResponse.groups.protocolData");
            Fields.writeCompactArray(o, g.members(), (p, m) -> {
                Fields.writeCompactString(p, m.memberId(), "DescribeGroupsResponse.members.memberId");
                Primitives.writeCompactNullableString(p, m.groupInstanceId());
                Fields.writeCompactString(p, m.clientId(), "DescribeGroupsResponse.members.clientId");
                Fields.writeCompactString(p, m.clientHost(), "DescribeGroupsResponse.members.clientHost");
                Fields.writeCompactBytes(p, m.memberMetadata(), "DescribeGroupsResponse.members.memberMetadata");
                Fields.writeCompactBytes(p, m.memberAssignment(), "DescribeGroupsResponse.members.memberAssignment");
                Primitives.writeEmptyTaggedFields(p);
            });
            o.writeInt(g.authorizedOperations());
            Primitives.writeEmptyTaggedFields(o);
        });
        Primitives.writeEmptyTaggedFields(out);
    }
}
