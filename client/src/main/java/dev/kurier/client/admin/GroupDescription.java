package dev.kurier.client.admin;

import java.util.List;
import java.util.Set;

/**
 * A described group.
 *
 * @param groupId the group id
 * @param type "classic", or "consumer" for a KIP-848 group
 * @param state its state (classic: Stable, PreparingRebalance, CompletingRebalance, Empty, Dead; consumer:
 *     Stable, Assigning, Reconciling, Empty)
 * @param protocolType "consumer" for consumer groups
 * @param protocol the assignor chosen (range, roundrobin, ...; uniform or range on the broker for KIP-848)
 * @param members its members
 * @param authorizedOperations what this client may do with it, or null unless asked for
 */
public record GroupDescription(String groupId, String type, String state, String protocolType, String protocol,
                               List<MemberDescription> members, Set<AclOperation> authorizedOperations) {
}
