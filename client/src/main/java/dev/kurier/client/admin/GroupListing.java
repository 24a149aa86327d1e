package dev.kurier.client.admin;

/**
 * A group as {@link Admin#listGroups} sees it.
 *
 * @param groupId the group id
 * @param protocolType "consumer" for consumer groups ("" for KIP-848 and share groups)
 * @param state the group's state (Stable, Empty, ...; "" from brokers that do not say)
 * @param type the group type: classic, consumer (KIP-848), share or streams ("" from brokers before 3.8)
 */
public record GroupListing(String groupId, String protocolType, String state, String type) {

    /** A listing without a group type (brokers that do not report it). */
    public GroupListing(String groupId, String protocolType, String state) {
        this(groupId, protocolType, state, "");
    }
}
