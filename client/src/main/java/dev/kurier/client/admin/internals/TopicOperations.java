package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AclOperation;
import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.admin.PartitionDescription;
import dev.kurier.client.admin.TopicDescription;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.protocol.message.CreatePartitionsRequest;
import dev.kurier.client.protocol.message.CreatePartitionsResponse;
import dev.kurier.client.protocol.message.CreateTopicsRequest;
import dev.kurier.client.protocol.message.CreateTopicsResponse;
import dev.kurier.client.protocol.message.DeleteTopicsRequest;
import dev.kurier.client.protocol.message.DeleteTopicsResponse;
import dev.kurier.client.protocol.message.MetadataRequest;
import dev.kurier.client.protocol.message.MetadataResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Topics: create, delete (by name or id), list, describe, add partitions. Each topic has its own outcome. */
final class TopicOperations {

    private final AdminContext ctx;

    TopicOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    AdminResults<String, Void> create(Collection<NewTopic> topics, boolean validateOnly) {
        Map<String, NewTopic> byName = new HashMap<>();
        for (NewTopic t : topics) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("topic '" + t.name() + "' is listed twice");
            }
        }
        AdminResults<String, Void> created = ctx.run("creating", byName.keySet(), pending -> {
            List<CreateTopicsRequest.CreatableTopic> creatable = new ArrayList<>();
            for (String name : pending) {
                creatable.add(creatable(byName.get(name)));
            }
            return ctx.anyBroker(CreateTopicsRequest.builder().topics(creatable).timeoutMs(ctx.requestTimeoutMs())
                    .validateOnly(validateOnly).build()).thenApply(resp -> {
                        Map<String, Outcome<Void>> out = new HashMap<>();
                        for (CreateTopicsResponse.CreatableTopicResult r : resp.topics()) {
                            out.put(r.name(), Outcome.of(r.errorCode(), r.errorMessage(), null));
                        }
                        return out;
                    });
        }, TopicOperations::topic);
        if (validateOnly) {
            return created;
        }
        // A created topic is usable once its partitions have leaders in the metadata: wait for that, per topic.
        Map<String, CompletableFuture<Void>> ready = new java.util.LinkedHashMap<>();
        created.values().forEach((name, f) -> ready.put(name, f.thenCompose(v -> awaitLeaders(name))));
        return new AdminResults<>(ready);
    }

    private static CreateTopicsRequest.CreatableTopic creatable(NewTopic t) {
        List<CreateTopicsRequest.CreatableTopicConfig> configs = new ArrayList<>();
        t.configs().forEach((k, v) -> configs.add(new CreateTopicsRequest.CreatableTopicConfig(k, v)));
        List<CreateTopicsRequest.CreatableReplicaAssignment> assignments = new ArrayList<>();
        t.replicaAssignments().forEach((p, brokers) ->
                assignments.add(new CreateTopicsRequest.CreatableReplicaAssignment(p, List.copyOf(brokers))));
        boolean assigned = !assignments.isEmpty();
        return new CreateTopicsRequest.CreatableTopic(t.name(), assigned ? -1 : t.partitions(),
                assigned ? -1 : t.replicationFactor(), assignments, configs);
    }

    /**
     * Waits until the created topic has leaders; it stays tracked afterwards: a producer or consumer of this client
     * may already be using it from the cache, and untracking it here dropped it from their refreshes.
     */
    private CompletableFuture<Void> awaitLeaders(String name) {
        return ctx.metadata().awaitTopic(name, ctx.apiTimeout()).thenApply(t -> null);
    }

    AdminResults<String, Void> delete(Collection<String> names) {
        return ctx.run("deleting", Set.copyOf(names), pending -> {
            List<DeleteTopicsRequest.DeleteTopicState> states = new ArrayList<>();
            for (String name : pending) {
                states.add(DeleteTopicsRequest.DeleteTopicState.builder().name(name).build());
            }
            return ctx.anyBroker(DeleteTopicsRequest.builder().topics(states).topicNames(List.copyOf(pending))
                    .timeoutMs(ctx.requestTimeoutMs()).build()).thenApply(resp -> {
                        Map<String, Outcome<Void>> out = new HashMap<>();
                        for (DeleteTopicsResponse.DeletableTopicResult r : resp.responses()) {
                            out.put(r.name(), Outcome.of(r.errorCode(), r.errorMessage(), null));
                        }
                        ctx.metadata().untrack(pending);
                        return out;
                    });
        }, TopicOperations::topic);
    }

    AdminResults<UUID, Void> deleteByIds(Collection<UUID> ids) {
        return ctx.run("deleting", Set.copyOf(ids), pending -> {
            List<DeleteTopicsRequest.DeleteTopicState> states = new ArrayList<>();
            for (UUID id : pending) {
                states.add(DeleteTopicsRequest.DeleteTopicState.builder().name(null).topicId(id).build());
            }
            return ctx.anyBroker(DeleteTopicsRequest.builder().topics(states).timeoutMs(ctx.requestTimeoutMs())
                    .build()).thenApply(resp -> {
                        Map<UUID, Outcome<Void>> out = new HashMap<>();
                        for (DeleteTopicsResponse.DeletableTopicResult r : resp.responses()) {
                            out.put(r.topicId(), Outcome.of(r.errorCode(), r.errorMessage(), null));
                        }
                        return out;
                    });
        }, id -> "topic with id " + id);
    }

    CompletableFuture<Set<String>> list(boolean includeInternal) {
        return ctx.metadata().describeAll().thenApply(s -> {
            Set<String> names = new TreeSet<>();
            for (TopicInfo t : s.topics()) {
                if (includeInternal || !t.internal()) {
                    names.add(t.name());
                }
            }
            return names;
        });
    }

    AdminResults<String, TopicDescription> describe(Collection<String> names, boolean authorizedOperations) {
        return ctx.run("describing", Set.copyOf(names), pending -> {
            List<MetadataRequest.Topic> topics = new ArrayList<>();
            for (String name : pending) {
                topics.add(MetadataRequest.Topic.builder().name(name).build());
            }
            return ctx.anyBroker(MetadataRequest.builder().topics(topics).allowAutoTopicCreation(false)
                    .includeTopicAuthorizedOperations(authorizedOperations).build()).thenApply(resp -> {
                        Map<String, Outcome<TopicDescription>> out = new HashMap<>();
                        for (MetadataResponse.Topic t : resp.topics()) {
                            out.put(t.name(), Outcome.of(t.errorCode(), null, t.errorCode() == 0 ? description(t) : null));
                        }
                        return out;
                    });
        }, TopicOperations::topic);
    }

    private static TopicDescription description(MetadataResponse.Topic t) {
        List<PartitionDescription> partitions = new ArrayList<>();
        for (MetadataResponse.Partition p : t.partitions()) {
            partitions.add(new PartitionDescription(p.partitionIndex(), p.leaderId(), p.leaderEpoch(),
                    p.replicaNodes(), p.isrNodes(), p.offlineReplicas()));
        }
        partitions.sort(Comparator.comparingInt(PartitionDescription::partition));
        return new TopicDescription(t.name(), t.topicId(), t.isInternal(), List.copyOf(partitions),
                AclOperation.fromBits(t.topicAuthorizedOperations()));
    }

    AdminResults<String, Void> createPartitions(Map<String, Integer> totalCounts, boolean validateOnly) {
        return ctx.run("adding partitions to", totalCounts.keySet(), pending -> {
            List<CreatePartitionsRequest.CreatePartitionsTopic> topics = new ArrayList<>();
            for (String name : pending) {
                topics.add(new CreatePartitionsRequest.CreatePartitionsTopic(name, totalCounts.get(name), null));
            }
            return ctx.anyBroker(CreatePartitionsRequest.builder().topics(topics).timeoutMs(ctx.requestTimeoutMs())
                    .validateOnly(validateOnly).build()).thenApply(resp -> {
                        Map<String, Outcome<Void>> out = new HashMap<>();
                        for (CreatePartitionsResponse.CreatePartitionsTopicResult r : resp.results()) {
                            out.put(r.name(), Outcome.of(r.errorCode(), r.errorMessage(), null));
                        }
                        return out;
                    });
        }, TopicOperations::topic);
    }

    private static String topic(String name) {
        return "topic '" + name + "'";
    }
}
