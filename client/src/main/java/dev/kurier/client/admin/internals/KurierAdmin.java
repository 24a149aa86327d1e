package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.Admin;
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
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.message.FindCoordinatorResponse;
import dev.kurier.client.protocol.message.ListGroupsRequest;
import dev.kurier.client.protocol.message.ListGroupsResponse;
import dev.kurier.client.protocol.requests.FindCoordinators;
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
    private final Duration timeout;

    /** An admin that waits up to {@code timeout} for topic operations to settle. */
    public KurierAdmin(NetworkClient network, MetadataManager metadata, Duration timeout) {
        this.network = network;
        this.metadata = metadata;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Void> createTopics(Collection<NewTopic> topics) {
        List<CreateTopicsRequest.CreatableTopic> creatable = new ArrayList<>();
        for (NewTopic t : topics) {
            List<CreateTopicsRequest.CreatableTopicConfig> configs = new ArrayList<>();
            t.configs().forEach((k, v) -> configs.add(new CreateTopicsRequest.CreatableTopicConfig(k, v)));
            creatable.add(new CreateTopicsRequest.CreatableTopic(t.name(), t.partitions(), t.replicationFactor(),
                    List.of(), configs));
        }
        CreateTopicsRequest request = new CreateTopicsRequest(creatable, (int) timeout.toMillis(), false);
        return metadata.sendToAnyBroker(request).thenCompose(resp -> {
            for (CreateTopicsResponse.CreatableTopicResult r : resp.topics()) {
                if (r.errorCode() != 0) {
                    throw new KafkaErrorException(Errors.forCode(r.errorCode()), "creating topic '" + r.name() + "'"
                            + (r.errorMessage() == null ? "" : ": " + r.errorMessage()));
                }
            }
            return awaitLeaders(topics.stream().map(NewTopic::name).toList());
        });
    }

    private CompletableFuture<Void> awaitLeaders(List<String> names) {
        Set<String> already = Set.copyOf(metadata.trackedTopics());
        List<CompletableFuture<TopicInfo>> waits = new ArrayList<>();
        for (String n : names) {
            waits.add(metadata.awaitTopic(n, timeout));
        }
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            List<String> added = new ArrayList<>(names);
            added.removeAll(already);
            metadata.untrack(added);
        });
    }

    @Override
    public CompletableFuture<Void> deleteTopics(Collection<String> topics) {
        List<DeleteTopicsRequest.DeleteTopicState> states = new ArrayList<>();
        for (String t : topics) {
            states.add(DeleteTopicsRequest.DeleteTopicState.builder().name(t).build());
        }
        return metadata.sendToAnyBroker(DeleteTopicsRequest.builder().topics(states).timeoutMs((int) timeout.toMillis())
                .build()).thenAccept(resp -> {
            for (DeleteTopicsResponse.DeletableTopicResult r : resp.responses()) {
                if (r.errorCode() != 0) {
                    throw new KafkaErrorException(Errors.forCode(r.errorCode()), "deleting topic '" + r.name() + "'"
                            + (r.errorMessage() == null ? "" : ": " + r.errorMessage()));
                }
            }
            metadata.untrack(topics);
        });
    }

    @Override
    public CompletableFuture<Set<String>> listTopics() {
        return metadata.describeAll().thenApply(s -> {
            Set<String> names = new TreeSet<>();
            for (TopicInfo t : s.topics()) {
                if (!t.internal()) {
                    names.add(t.name());
                }
            }
            return names;
        });
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
    public CompletableFuture<List<GroupListing>> listGroups() {
        // Each broker lists only the groups it coordinates: ask them all.
        return describeCluster().thenCompose(cluster -> {
            List<CompletableFuture<ListGroupsResponse>> answers = new ArrayList<>();
            for (Node n : cluster.brokers()) {
                answers.add(network.connection(new Endpoint(n.host(), n.port()))
                        .send(new ListGroupsRequest(List.of(), List.of())));
            }
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<String, GroupListing> groups = new java.util.TreeMap<>();
                for (int i = 0; i < answers.size(); i++) {
                    ListGroupsResponse r = answers.get(i).join();
                    if (r.errorCode() != 0) {
                        throw new KafkaErrorException(Errors.forCode(r.errorCode()), "listing groups on "
                                + cluster.brokers().get(i));
                    }
                    for (ListGroupsResponse.ListedGroup g : r.groups()) {
                        groups.put(g.groupId(), new GroupListing(g.groupId(), g.protocolType(),
                                g.groupState() == null ? "" : g.groupState()));
                    }
                }
                return List.copyOf(groups.values());
            });
        });
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> listGroupOffsets(String groupId) {
        return coordinatorOf(groupId).thenCompose(coordinator -> {
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

    private CompletableFuture<Endpoint> coordinatorOf(String groupId) {
        return describeCluster().thenCompose(cluster -> {
            Node any = cluster.brokers().get(0);
            BrokerConnection c = network.connection(new Endpoint(any.host(), any.port()));
            return c.apiVersions().thenCompose(versions -> c.send(FindCoordinators.request(FindCoordinators.KEY_TYPE_GROUP, groupId,
                    versions.negotiate(ApiKey.FIND_COORDINATOR))));
        }).thenApply(resp -> {
            for (FindCoordinatorResponse.Coordinator co : FindCoordinators.results(resp, groupId)) {
                if (co.errorCode() != 0) {
                    throw new KafkaErrorException(Errors.forCode(co.errorCode()), "finding the coordinator of group '"
                            + groupId + "'");
                }
                return new Endpoint(co.host(), co.port());
            }
            throw new KafkaErrorException(Errors.COORDINATOR_NOT_AVAILABLE, "group '" + groupId + "'");
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
