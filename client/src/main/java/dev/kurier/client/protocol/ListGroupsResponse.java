package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListGroups response (key 16), v3-5.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param errorCode      the error, or 0
 * @param groups         the groups
 */
public record ListGroupsResponse(int throttleTimeMs, short errorCode, List<ListedGroup> groups) implements Response {

    /**
     * One group.
     *
     * @param groupState the state name (v4+; default "")
     * @param groupType  the type name (v5+; default "")
     */
    public record ListedGroup(String groupId, String protocolType, String groupState, String groupType) {
    }

    /** Copies the group list. */
    public ListGroupsResponse {
        groups = Fields.copyOrEmpty(groups);
    }

    /** Reads the body at {@code version}. */
    public static ListGroupsResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.LIST_GROUPS, version);
        int throttle = Fields.readInt32(in, "ListGroupsResponse.throttleTimeMs");
        short errorCode = Fields.readInt16(in, "ListGroupsResponse.errorCode");
        List<ListedGroup> groups = Fields.readCompactArray(in, "ListGroupsResponse.groups", g -> {
            String groupId = Fields.readCompactString(g, "ListGroupsResponse.groups.groupId");
            String protocolType = Fields.readCompactString(g, "ListGroupsResponse.groups.protocolType");
            String state = version >= 4 ? Fields.readCompactString(g, "ListGroupsResponse.groups.groupState") : "";
            String type = version >= 5 ? Fields.readCompactString(g, "ListGroupsResponse.groups.groupType") : "";
            Primitives.skipTaggedFields(g);
            return new ListedGroup(groupId, protocolType, state, type);
        });
        Primitives.skipTaggedFields(in);
        return new ListGroupsResponse(throttle, errorCode, groups);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.LIST_GROUPS, version);
        out.writeInt(throttleTimeMs);
        out.writeShort(errorCode);
        Fields.writeCompactArray(out, groups, (o, g) -> {
            Fields.writeCompactString(o, g.groupId(), "ListGroupsResponse.groups.groupId");
            Fields.writeCompactString(o, g.protocolType(), "ListGroupsResponse.groups.protocolType");
            if (version >= 4) {
                Fields.writeCompactString(o, g.groupState(), "ListGroupsResponse.groups.groupState");
            } else {
                VersionRules.requireDefault(VersionRules.isEmpty(g.groupState()), "ListGroupsResponse.groups.groupState",
                        version, "v4+");
            }
            if (version >= 5) {
                Fields.writeCompactString(o, g.groupType(), "ListGroupsResponse.groups.groupType");
            } else {
                VersionRules.requireDefault(VersionRules.isEmpty(g.groupType()), "ListGroupsResponse.groups.groupType",
                        version, "v5+");
            }
            Primitives.writeEmptyTaggedFields(o);
        });
        Primitives.writeEmptyTaggedFields(out);
    }
}
