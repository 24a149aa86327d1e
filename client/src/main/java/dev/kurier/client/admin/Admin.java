package dev.kurier.client.admin;

import dev.kurier.client.cluster.TopicInfo;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Manages topics and inspects the cluster. Thread-safe. Create with {@link dev.kurier.client.KurierClient#admin()}.
 * Every failure names the topic and the broker's error.
 */
public interface Admin extends AutoCloseable {

    /**
     * Creates topics and completes once every partition has a leader. Fails with
     * {@link dev.kurier.client.protocol.KafkaErrorException} (TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, ...)
     * naming the topic.
     */
    CompletableFuture<Void> createTopics(Collection<NewTopic> topics);

    /** Deletes topics. */
    CompletableFuture<Void> deleteTopics(Collection<String> topics);

    /** Names of all non-internal topics. */
    CompletableFuture<Set<String>> listTopics();

    /** Topic ids, partitions, leaders and replicas; fails naming a topic that does not exist. */
    CompletableFuture<Map<String, TopicInfo>> describeTopics(Collection<String> topics);

    /** Every group on every broker, sorted by id. */
    CompletableFuture<java.util.List<GroupListing>> listGroups();

    /**
     * The offsets {@code groupId} has committed, by partition (the next offset to read). Fails with
     * {@link dev.kurier.client.protocol.KafkaErrorException} naming the group when the coordinator refuses.
     */
    CompletableFuture<Map<dev.kurier.client.common.TopicPartition, Long>> listGroupOffsets(String groupId);

    /** Cluster id, controller and brokers. */
    CompletableFuture<ClusterDescription> describeCluster();

    /** Releases nothing shared: the client owns the connections. */
    @Override
    void close();
}
