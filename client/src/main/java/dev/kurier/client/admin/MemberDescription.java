package dev.kurier.client.admin;

import dev.kurier.client.common.TopicPartition;
import java.util.List;

/**
 * One member of a described group.
 *
 * @param memberId the member id
 * @param groupInstanceId the static member id, or null
 * @param clientId the member's client.id
 * @param clientHost the member's host
 * @param assignment the partitions assigned to it (consumer groups; empty for other protocols)
 */
public record MemberDescription(String memberId, String groupInstanceId, String clientId, String clientHost,
                                List<TopicPartition> assignment) {
}
