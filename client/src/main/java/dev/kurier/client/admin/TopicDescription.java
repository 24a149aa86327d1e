package dev.kurier.client.admin;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A described topic.
 *
 * @param name the topic name
 * @param topicId the topic id
 * @param internal whether it is one of Kafka's internal topics
 * @param partitions its partitions, by index
 * @param authorizedOperations what this client may do with it, or null unless asked for
 */
public record TopicDescription(String name, UUID topicId, boolean internal, List<PartitionDescription> partitions,
                               Set<AclOperation> authorizedOperations) {
}
