package dev.kurier.client.admin;

import java.util.List;
import java.util.Set;

/**
 * A described group.
 *
 * @param groupId the group id
 * @param state its state (Stable, PreparingRebalance, CompletingRebalance, Empty, Dead)
 * @param protocolType "consumer" for consumer groups
 * @param protocol the assignor chosen (range, roundrobin, ...)
 * @param members its members
 * @param authorizedOperations what this client may do with it, or null unless asked for
 */
public record GroupDescription(String groupId, String state, String protocolType, String protocol,
                               List<MemberDescription> members, Set<AclOperation> authorizedOperations) {
}
