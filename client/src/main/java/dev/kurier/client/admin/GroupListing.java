package dev.kurier.client.admin;

/**
 * A consumer group as ListGroups reports it.
 *
 * @param groupId      the group id
 * @param protocolType "consumer" for consumer groups, empty for groups that only commit offsets
 * @param state        Stable, PreparingRebalance, Empty, ... (empty when the broker does not say)
 */
public record GroupListing(String groupId, String protocolType, String state) {
}
