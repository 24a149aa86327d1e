package dev.kurier.client.group;

/**
 * This member's identity in its group, as kafka-clients' {@code ConsumerGroupMetadata} (what a transactional
 * producer sends with {@code sendOffsetsToTransaction}).
 *
 * @param groupId         the group
 * @param generationId    the current generation, or -1 outside one
 * @param memberId        the id the coordinator gave this member, or {@code ""}
 * @param groupInstanceId the static member id, or {@code null}
 */
public record GroupMetadata(String groupId, int generationId, String memberId, String groupInstanceId) {
}
