package dev.kurier.client.admin;

import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.group.OffsetAndMetadata;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Manages topics, configs, records and groups, and inspects the cluster. Thread-safe. Create with
 * {@link dev.kurier.client.KurierClient#admin()}.
 *
 * <p>Operations over several entities return {@link AdminResults}: one future per topic, partition, group or
 * config resource, so one failure never hides the others. A failure is a
 * {@link dev.kurier.client.protocol.KafkaErrorException} naming the entity, the broker's error and its message.
 * Errors that may pass (a moved controller or coordinator, a leader election, a lost connection) are retried with
 * {@code retry.backoff.ms} until {@code default.api.timeout.ms}, then fail with an {@link AdminTimeoutException}
 * naming the last error.
 */
public interface Admin extends AutoCloseable {

    // ---- topics --------------------------------------------------------------------------------------------

    /**
     * Creates topics; each topic's future completes once every partition has a leader. Fails per topic with
     * TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, INVALID_CONFIG, POLICY_VIOLATION, ...
     */
    AdminResults<String, Void> createTopics(Collection<NewTopic> topics);

    /** Creates topics, or with {@code validateOnly} only asks the controller whether it would. */
    AdminResults<String, Void> createTopics(Collection<NewTopic> topics, boolean validateOnly);

    /** Deletes topics by name. */
    AdminResults<String, Void> deleteTopics(Collection<String> topics);

    /** Deletes topics by id. */
    AdminResults<UUID, Void> deleteTopicsByIds(Collection<UUID> topicIds);

    /** Names of all non-internal topics. */
    CompletableFuture<Set<String>> listTopics();

    /** Names of all topics, Kafka's internal ones too when {@code includeInternal}. */
    CompletableFuture<Set<String>> listTopics(boolean includeInternal);

    /** Topic ids, partitions, leaders and replicas; fails naming a topic that does not exist. */
    CompletableFuture<Map<String, TopicInfo>> describeTopics(Collection<String> topics);

    /** Each topic's id, partitions (leader, replicas, ISR, offline replicas) and, if asked, authorized operations. */
    AdminResults<String, TopicDescription> describeTopics(Collection<String> topics, boolean includeAuthorizedOperations);

    /** Grows topics to the given total partition counts (never shrinks: fewer is INVALID_PARTITIONS). */
    AdminResults<String, Void> createPartitions(Map<String, Integer> totalPartitionCounts);

    // ---- configs -------------------------------------------------------------------------------------------

    /** The configs of topics, brokers or broker loggers, by key. */
    AdminResults<ConfigResource, Map<String, ConfigEntry>> describeConfigs(Collection<ConfigResource> resources);

    /** As {@link #describeConfigs(Collection)}, with each value's synonyms and the keys' documentation if asked. */
    AdminResults<ConfigResource, Map<String, ConfigEntry>> describeConfigs(Collection<ConfigResource> resources,
                                                                          boolean includeSynonyms,
                                                                          boolean includeDocumentation);

    /** Sets, deletes, appends to or subtracts from configs, leaving the others as they are. */
    AdminResults<ConfigResource, Void> incrementalAlterConfigs(
            Map<ConfigResource, ? extends Collection<AlterConfigOp>> changes);

    // ---- records -------------------------------------------------------------------------------------------

    /** Deletes each partition's records before an offset; each future yields the partition's new log start. */
    AdminResults<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets);

    /** Looks up offsets: earliest, latest, the record with the largest timestamp, or the first at a time. */
    AdminResults<TopicPartition, ListedOffset> listOffsets(Map<TopicPartition, OffsetSpec> specs);

    // ---- groups --------------------------------------------------------------------------------------------

    /** Every group on every broker, sorted by id. */
    CompletableFuture<List<GroupListing>> listGroups();

    /** The groups in one of {@code states} and of one of {@code types} (empty: any), on every broker. */
    CompletableFuture<List<GroupListing>> listGroups(Collection<String> states, Collection<String> types);

    /** Each group's state, protocol and members with their assignments. */
    AdminResults<String, GroupDescription> describeGroups(Collection<String> groupIds);

    /** Deletes groups that have no members (NON_EMPTY_GROUP otherwise). */
    AdminResults<String, Void> deleteGroups(Collection<String> groupIds);

    /**
     * The offsets {@code groupId} has committed, by partition (the next offset to read). Fails with
     * {@link dev.kurier.client.protocol.KafkaErrorException} naming the group when the coordinator refuses.
     */
    CompletableFuture<Map<TopicPartition, Long>> listGroupOffsets(String groupId);

    /** Sets a group's committed offsets; the group must have no active members (UNKNOWN_MEMBER_ID otherwise). */
    AdminResults<TopicPartition, Void> alterGroupOffsets(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Deletes a group's committed offsets of partitions it does not consume (GROUP_SUBSCRIBED_TO_TOPIC otherwise). */
    AdminResults<TopicPartition, Void> deleteGroupOffsets(String groupId, Set<TopicPartition> partitions);

    /**
     * Describes share groups (KIP-932): state, assignor, members and their partitions ({@link #describeGroups} finds
     * share groups too). GROUP_ID_NOT_FOUND for a group that is not a share group.
     */
    AdminResults<String, GroupDescription> describeShareGroups(Collection<String> groupIds);

    /**
     * The start offset of each partition a share group reads (the next offset it delivers from; records before it
     * are not delivered again). Fails with {@link dev.kurier.client.protocol.KafkaErrorException} naming the group.
     */
    CompletableFuture<Map<TopicPartition, Long>> listShareGroupOffsets(String groupId);

    /**
     * Sets where a share group starts reading partitions (as {@code kafka-share-groups --reset-offsets}); the group
     * must have no members (NON_EMPTY_GROUP otherwise).
     */
    AdminResults<TopicPartition, Void> alterShareGroupOffsets(String groupId, Map<TopicPartition, Long> startOffsets);

    /** Forgets a share group's state for whole topics; the group must have no members (NON_EMPTY_GROUP otherwise). */
    AdminResults<String, Void> deleteShareGroupOffsets(String groupId, Set<String> topics);

    /** Removes static members, by {@code group.instance.id}, as if they had left. */
    AdminResults<String, Void> removeGroupMembers(String groupId, Collection<String> groupInstanceIds);

    // ---- cluster and replicas ------------------------------------------------------------------------------

    /** Cluster id, controller and brokers. */
    CompletableFuture<ClusterDescription> describeCluster();

    /** The cluster's finalized feature levels and the levels a broker supports (KIP-584). */
    CompletableFuture<FeatureMetadata> describeFeatures();

    /** Each broker's log directories with the replicas in them, their sizes and the volumes' space. */
    AdminResults<Integer, Map<String, LogDirDescription>> describeLogDirs(Collection<Integer> brokerIds);

    /** Elects the preferred (or, UNCLEAN, any live) replica as leader of each partition. */
    AdminResults<TopicPartition, Void> electLeaders(ElectionType type, Set<TopicPartition> partitions);

    /** Moves partitions to new replicas (broker ids, preferred leader first); an empty list cancels a move. */
    AdminResults<TopicPartition, Void> alterPartitionReassignments(Map<TopicPartition, List<Integer>> replicas);

    /** The partition reassignments in progress. */
    CompletableFuture<Map<TopicPartition, PartitionReassignment>> listPartitionReassignments();

    // ---- security ------------------------------------------------------------------------------------------

    /** Creates ACLs (the broker needs an authorizer; SECURITY_DISABLED otherwise). */
    AdminResults<AclBinding, Void> createAcls(Collection<AclBinding> acls);

    /** The ACLs that match {@code filter}. */
    CompletableFuture<List<AclBinding>> describeAcls(AclBindingFilter filter);

    /** Deletes the ACLs that match each filter; each future yields what its filter deleted. */
    AdminResults<AclBindingFilter, List<AclBinding>> deleteAcls(Collection<AclBindingFilter> filters);

    /** The SCRAM credentials (mechanism and iterations, never secrets) of each user. */
    AdminResults<String, List<ScramCredentialInfo>> describeUserScramCredentials(Collection<String> users);

    /** Sets or deletes SCRAM credentials; the salted password is computed here, the password never sent. */
    AdminResults<UserScramCredentialAlteration, Void> alterUserScramCredentials(
            Collection<UserScramCredentialAlteration> alterations);

    /**
     * The client quotas of the entities that match: entity type to name (null: the type's default entity); with
     * {@code strict}, only entities of exactly those types.
     */
    CompletableFuture<Map<ClientQuotaEntity, Map<String, Double>>> describeClientQuotas(Map<String, String> match,
                                                                                        boolean strict);

    /** Sets client quotas ({@code producer_byte_rate}, ...); a null value removes that quota. */
    AdminResults<ClientQuotaEntity, Void> alterClientQuotas(Map<ClientQuotaEntity, Map<String, Double>> quotas);

    // ---- transactions --------------------------------------------------------------------------------------

    /** The producers active on each partition (ids, epochs, open transactions), from the partition's leader. */
    AdminResults<TopicPartition, List<ProducerState>> describeProducers(Collection<TopicPartition> partitions);

    /** Every transactional id the cluster's transaction coordinators know. */
    CompletableFuture<List<TransactionListing>> listTransactions();

    /** Each transactional id's state and open transaction, from its coordinator. */
    AdminResults<String, TransactionDescription> describeTransactions(Collection<String> transactionalIds);

    /** Writes an abort marker for a hanging transaction on one partition (needs CLUSTER_ACTION). */
    CompletableFuture<Void> abortTransaction(AbortTransactionSpec spec);

    /** Releases nothing shared: the client owns the connections. */
    @Override
    void close();
}
