package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeGroups request (key 15), v5-6: state, protocol and members of classic groups.
 *
 * @param groups                      the group ids
 * @param includeAuthorizedOperations whether to return the operations the caller may perform on each group
 */
public record DescribeGroupsRequest(List<String> groups, boolean includeAuthorizedOperations)
        implements Request<DescribeGroupsResponse> {

    /** Copies the group list. */
    public DescribeGroupsRequest {
        groups = Fields.copyOrEmpty(groups);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_GROUPS;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.DESCRIBE_GROUPS, version);
        Fields.writeCompactStringArray(out, groups, "DescribeGroupsRequest.groups");
        out.writeBoolean(includeAuthorizedOperations);
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public DescribeGroupsResponse readResponse(ByteBuf in, short version) {
        return DescribeGroupsResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static DescribeGroupsRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.DESCRIBE_GROUPS, version);
        List<String> groups = Fields.readCompactStringArray(in, "DescribeGroupsRequest.groups");
        boolean include = Fields.readBoolean(in, "DescribeGroupsRequest.includeAuthorizedOperations");
        Primitives.skipTaggedFields(in);
        return new DescribeGroupsRequest(groups, include);
    }
}
