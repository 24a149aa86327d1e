package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListGroups request (key 16), v3-5: the groups a broker coordinates, optionally filtered.
 *
 * @param statesFilter the group states to list, empty for all (v4+; default empty)
 * @param typesFilter  the group types to list ("classic", "consumer", "share"), empty for all (v5+; default empty)
 */
public record ListGroupsRequest(List<String> statesFilter, List<String> typesFilter)
        implements Request<ListGroupsResponse> {

    /** Copies the filters. */
    public ListGroupsRequest {
        statesFilter = Fields.copyOrEmpty(statesFilter);
        typesFilter = Fields.copyOrEmpty(typesFilter);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_GROUPS;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.LIST_GROUPS, version);
        if (version >= 4) {
            Fields.writeCompactStringArray(out, statesFilter, "ListGroupsRequest.statesFilter");
        } else {
            VersionRules.requireDefault(statesFilter.isEmpty(), "ListGroupsRequest.statesFilter", version, "v4+");
        }
        if (version >= 5) {
            Fields.writeCompactStringArray(out, typesFilter, "ListGroupsRequest.typesFilter");
        } else {
            VersionRules.requireDefault(typesFilter.isEmpty(), "ListGroupsRequest.typesFilter", version, "v5+");
        }
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public ListGroupsResponse readResponse(ByteBuf in, short version) {
        return ListGroupsResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static ListGroupsRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.LIST_GROUPS, version);
        List<String> states = version >= 4 ? Fields.readCompactStringArray(in, "ListGroupsRequest.statesFilter")
                : List.of();
        List<String> types = version >= 5 ? Fields.readCompactStringArray(in, "ListGroupsRequest.typesFilter")
                : List.of();
        Primitives.skipTaggedFields(in);
        return new ListGroupsRequest(states, types);
    }
}
