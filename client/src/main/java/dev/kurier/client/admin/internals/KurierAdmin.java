package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.AbortTransactionSpec;
import dev.kurier.client.admin.AclBinding;
import dev.kurier.client.admin.AclBindingFilter;
import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.ClientQuotaEntity;
import dev.kurier.client.admin.ElectionType;
import dev.kurier.client.admin.FeatureMetadata;
import dev.kurier.client.admin.LogDirDescription;
import dev.kurier.client.admin.PartitionReassignment;
import dev.kurier.client.admin.ProducerState;
import dev.kurier.client.admin.ScramCredentialInfo;
import dev.kurier.client.admin.TransactionDescription;
import dev.kurier.client.admin.TransactionListing;
import dev.kurier.client.admin.UserScramCredentialAlteration;
import dev.kurier.client.admin.AlterConfigOp;
import dev.kurier.client.admin.ConfigEntry;
import dev.kurier.client.admin.ConfigResource;
import dev.kurier.client.admin.GroupDescription;
import dev.kurier.client.admin.ListedOffset;
import dev.kurier.client.admin.OffsetSpec;
import dev.kurier.client.admin.TopicDescription;
import dev.kurier.client.group.OffsetAndMetadata;
import java.util.UUID;
import dev.kurier.client.admin.ClusterDescription;
import dev.kurier.client.admin.GroupListing;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.cluster.ClusterSnapshot;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.cluster.UnknownTopicException;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.network.BrokerConnection;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.message.ListGroupsRequest;
import dev.kurier.client.protocol.message.ListGroupsResponse;
import dev.kurier.client.protocol.requests.OffsetFetches;
import dev.kurier.client.protocol.message.OffsetFetchResponse;
import dev.kurier.client.protocol.message.CreateTopicsRequest;
import dev.kurier.client.protocol.message.CreateTopicsResponse;
import dev.kurier.client.protocol.message.DeleteTopicsRequest;
import dev.kurier.client.protocol.message.DeleteTopicsResponse;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** {@link Admin} over the client's shared connections and metadata. */
public final class KurierAdmin implements Admin {

    private final NetworkClient network;
    private final MetadataManager metadata;
    private final AdminContext ctx;
    private final TopicOperations topics;
    private final ConfigOperations configs;
    private final RecordOperations records;
    private final GroupOperations groups;
    private final ShareGroupOperations shareGroups;
    private final ReplicaOperations replicas;
    private final AclOperations acls;
    private final SecurityAdminOperations security;
    private final TransactionOperations transactions;

    /**
     * An admin over the client's connections and metadata.
     *
     * @param requestTimeout what a broker is told it may take ({@code request.timeout.ms})
     * @param apiTimeout the limit of one operation, retries included ({@code default.api.timeout.ms})
     * @param retryBackoff the pause between retries ({@code retry.backoff.ms})
     */
    public KurierAdmin(NetworkClient network, MetadataManager metadata, Duration requestTimeout, Duration apiTimeout,
                       Duration retryBackoff) {
        this.network = network;
        this.metadata = metadata;
        this.ctx = new AdminContext(network, metadata, apiTimeout, requestTimeout, retryBackoff);
        this.topics = new TopicOperations(ctx);
        this.configs = new ConfigOperations(ctx);
        this.records = new RecordOperations(ctx);
        this.groups = new GroupOperations(ctx);
        this.shareGroups = new ShareGroupOperations(ctx);
        this.replicas = new ReplicaOperations(ctx);
        this.acls = new AclOperations(ctx);
        this.security = new SecurityAdminOperations(ctx);
        this.transactions = new TransactionOperations(ctx);
    }

    @Override
    public AdminResults<String, Void> createTopics(Collection<NewTopic> newTopics) {
        return topics.create(newTopics, false);
    }

    @Override
    public AdminResults<String, Void> createTopics(Collection<NewTopic> newTopics, boolean validateOnly) {
        return topics.create(newTopics, validateOnly);
    }

    @Override
    public AdminResults<String, Void> deleteTopics(Collection<String> names) {
        return topics.delete(names);
    }

    @Override
    public AdminResults<UUID, Void> deleteTopicsByIds(Collection<UUID> topicIds) {
        return topics.deleteByIds(topicIds);
    }

    @Override
    public CompletableFuture<Set<String>> listTopics() {
        return topics.list(false);
    }

    @Override
    public CompletableFuture<Set<String>> listTopics(boolean includeInternal) {
        return topics.list(includeInternal);
    }

    @Override
    public AdminResults<String, TopicDescription> describeTopics(Collection<String> names,
                                                                boolean includeAuthorizedOperations) {
        return topics.describe(names, includeAuthorizedOperations);
    }

    @Override
    public AdminResults<String, Void> createPartitions(Map<String, Integer> totalPartitionCounts) {
        return topics.createPartitions(totalPartitionCounts, false);
    }

    @Override
    public AdminResults<ConfigResource, Map<String, ConfigEntry>> describeConfigs(Collection<ConfigResource> resources) {
        return configs.describe(resources, false, false);
    }

    @Override
    public AdminResults<ConfigResource, Map<String, ConfigEntry>> describeConfigs(Collection<ConfigResource> resources,
                                                                                 boolean includeSynonyms,
                                                                                 boolean includeDocumentation) {
        return configs.describe(resources, includeSynonyms, includeDocumentation);
    }

    @Override
    public AdminResults<ConfigResource, Void> incrementalAlterConfigs(
            Map<ConfigResource, ? extends Collection<AlterConfigOp>> changes) {
        return configs.incrementalAlter(changes, false);
    }

    @Override
    public AdminResults<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        return records.deleteRecords(beforeOffsets);
    }

    @Override
    public AdminResults<TopicPartition, ListedOffset> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
        return records.listOffsets(specs, false);
    }

    @Override
    public CompletableFuture<List<GroupListing>> listGroups() {
        return groups.list(List.of(), List.of());
    }

    @Override
    public CompletableFuture<List<GroupListing>> listGroups(Collection<String> states, Collection<String> types) {
        return groups.list(states, types);
    }

    @Override
    public AdminResults<String, GroupDescription> describeGroups(Collection<String> groupIds) {
        return groups.describe(groupIds, false);
    }

    @Override
    public AdminResults<String, Void> deleteGroups(Collection<String> groupIds) {
        return groups.delete(groupIds);
    }

    @Override
    public AdminResults<TopicPartition, Void> alterGroupOffsets(String groupId,
                                                               Map<TopicPartition, OffsetAndMetadata> offsets) {
        return groups.alterOffsets(groupId, offsets);
    }

    @Override
    public AdminResults<TopicPartition, Void> deleteGroupOffsets(String groupId, Set<TopicPartition> partitions) {
        return groups.deleteOffsets(groupId, partitions);
    }

    @Override
    public AdminResults<String, GroupDescription> describeShareGroups(Collection<String> groupIds) {
        return shareGroups.describe(groupIds, false);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> listShareGroupOffsets(String groupId) {
        return shareGroups.listOffsets(groupId);
    }

    @Override
    public AdminResults<TopicPartition, Void> alterShareGroupOffsets(String groupId,
                                                                    Map<TopicPartition, Long> startOffsets) {
        return shareGroups.alterOffsets(groupId, startOffsets);
    }

    @Override
    public AdminResults<String, Void> deleteShareGroupOffsets(String groupId, Set<String> topics) {
        return shareGroups.deleteOffsets(groupId, topics);
    }

    @Override
    public CompletableFuture<FeatureMetadata> describeFeatures() {
        return replicas.describeFeatures();
    }

    @Override
    public AdminResults<Integer, Map<String, LogDirDescription>> describeLogDirs(Collection<Integer> brokerIds) {
        return replicas.describeLogDirs(brokerIds);
    }

    @Override
    public AdminResults<TopicPartition, Void> electLeaders(ElectionType type, Set<TopicPartition> partitions) {
        return replicas.electLeaders(type, partitions);
    }

    @Override
    public AdminResults<TopicPartition, Void> alterPartitionReassignments(Map<TopicPartition, List<Integer>> targets) {
        return replicas.alterReassignments(targets);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, PartitionReassignment>> listPartitionReassignments() {
        return replicas.listReassignments();
    }

    @Override
    public AdminResults<AclBinding, Void> createAcls(Collection<AclBinding> bindings) {
        return acls.create(bindings);
    }

    @Override
    public CompletableFuture<List<AclBinding>> describeAcls(AclBindingFilter filter) {
        return acls.describe(filter);
    }

    @Override
    public AdminResults<AclBindingFilter, List<AclBinding>> deleteAcls(Collection<AclBindingFilter> filters) {
        return acls.delete(filters);
    }

    @Override
    public AdminResults<String, List<ScramCredentialInfo>> describeUserScramCredentials(Collection<String> users) {
        return security.describeScram(users);
    }

    @Override
    public AdminResults<UserScramCredentialAlteration, Void> alterUserScramCredentials(
            Collection<UserScramCredentialAlteration> alterations) {
        return security.alterScram(alterations);
    }

    @Override
    public CompletableFuture<Map<ClientQuotaEntity, Map<String, Double>>> describeClientQuotas(Map<String, String> match,
                                                                                               boolean strict) {
        return security.describeQuotas(match, strict);
    }

    @Override
    public AdminResults<ClientQuotaEntity, Void> alterClientQuotas(Map<ClientQuotaEntity, Map<String, Double>> quotas) {
        return security.alterQuotas(quotas);
    }

    @Override
    public AdminResults<TopicPartition, List<ProducerState>> describeProducers(Collection<TopicPartition> partitions) {
        return transactions.describeProducers(partitions);
    }

    @Override
    public CompletableFuture<List<TransactionListing>> listTransactions() {
        return transactions.list();
    }

    @Override
    public AdminResults<String, TransactionDescription> describeTransactions(Collection<String> transactionalIds) {
        return transactions.describe(transactionalIds);
    }

    @Override
    public CompletableFuture<Void> abortTransaction(AbortTransactionSpec spec) {
        return transactions.abort(spec);
    }

    @Override
    public AdminResults<String, Void> removeGroupMembers(String groupId, Collection<String> groupInstanceIds) {
        return groups.removeMembers(groupId, groupInstanceIds, "removed by an admin");
    }

    @Override
    public CompletableFuture<Map<String, TopicInfo>> describeTopics(Collection<String> topics) {
        return metadata.describe(topics).thenApply(s -> {
            Map<String, TopicInfo> out = new LinkedHashMap<>();
            for (String name : topics) {
                TopicInfo t = s.topic(name);
                if (t == null) {
                    short err = s.topicError(name);
                    throw new UnknownTopicException(name, "does not exist"
                            + (err != 0 ? " (" + Errors.forCode(err).name() + ")" : ""));
                }
                out.put(name, t);
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> listGroupOffsets(String groupId) {
        return ctx.coordinator(groupId).thenCompose(coordinator -> {
            BrokerConnection c = network.connection(coordinator);
            return c.apiVersions().thenCompose(versions -> c.send(OffsetFetches.request(groupId, null, -1, null,
                    false, versions.negotiate(ApiKey.OFFSET_FETCH))));
        }).thenApply(resp -> {
            Map<TopicPartition, Long> out = new java.util.TreeMap<>();
            for (OffsetFetches.GroupResult g : OffsetFetches.results(resp, groupId)) {
                if (g.errorCode() != 0) {
                    throw new KafkaErrorException(Errors.forCode(g.errorCode()), "fetching offsets of group '" + groupId + "'");
                }
                for (OffsetFetches.PartitionResult p : g.partitions()) {
                    if (p.errorCode() == 0 && p.committedOffset() >= 0) {
                        out.put(new TopicPartition(p.topic(), p.partition()), p.committedOffset());
                    }
                }
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<ClusterDescription> describeCluster() {
        return metadata.describe(List.of()).thenApply(KurierAdmin::toDescription);
    }

    private static ClusterDescription toDescription(ClusterSnapshot s) {
        List<Node> nodes = new ArrayList<>(s.nodes());
        nodes.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return new ClusterDescription(s.clusterId(), s.controllerId(), List.copyOf(nodes));
    }

    @Override
    public void close() {
        // nothing of its own: the client owns connections and metadata
    }
}
