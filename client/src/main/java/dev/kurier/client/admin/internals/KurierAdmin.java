package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.Admin;
import dev.kurier.client.admin.ClusterDescription;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.cluster.ClusterSnapshot;
import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.cluster.UnknownTopicException;
import dev.kurier.client.common.Node;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.protocol.CreateTopicsRequest;
import dev.kurier.client.protocol.CreateTopicsResponse;
import dev.kurier.client.protocol.DeleteTopicsRequest;
import dev.kurier.client.protocol.DeleteTopicsResponse;
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

    private final MetadataManager metadata;
    private final Duration timeout;

    /** An admin that waits up to {@code timeout} for topic operations to settle. */
    public KurierAdmin(NetworkClient network, MetadataManager metadata, Duration timeout) {
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
            states.add(new DeleteTopicsRequest.DeleteTopicState(t, null));
        }
        return metadata.sendToAnyBroker(new DeleteTopicsRequest(states, (int) timeout.toMillis())).thenAccept(resp -> {
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
