package dev.kurier.client.admin.internals;

import dev.kurier.client.cluster.MetadataManager;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.network.BrokerConnection;
import dev.kurier.client.network.BrokerUnavailableException;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.network.NetworkClient;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.Request;
import dev.kurier.client.protocol.Response;
import dev.kurier.client.protocol.message.FindCoordinatorResponse;
import dev.kurier.client.protocol.requests.FindCoordinators;
import java.time.Duration;
import java.util.Set;
import java.util.Map;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;

/**
 * What the admin operations share: the client's connections and metadata, the time limits, and where a request
 * goes (any broker, one broker, a group's coordinator).
 *
 * @param apiTimeout the limit of one operation, retries included ({@code default.api.timeout.ms})
 * @param requestTimeout what the broker is told it may take ({@code request.timeout.ms})
 * @param retryBackoff the pause between retries ({@code retry.backoff.ms})
 */
record AdminContext(NetworkClient network, MetadataManager metadata, Duration apiTimeout, Duration requestTimeout,
                    Duration retryBackoff) {

    int requestTimeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
    }

    <R extends Response> CompletableFuture<R> anyBroker(Request<R> request) {
        return metadata.sendToAnyBroker(request);
    }

    /** Sends to broker {@code id}, known from the cluster metadata (refreshed when it is not). */
    <R extends Response> CompletableFuture<R> broker(int id, Request<R> request) {
        Node node = metadata.snapshot().node(id);
        if (node == null) {
            return metadata.refresh().thenCompose(s -> {
                Node refreshed = s.node(id);
                if (refreshed == null) {
                    throw new KafkaErrorException(Errors.BROKER_NOT_AVAILABLE, "broker " + id + " is not in the cluster "
                            + "metadata (brokers " + s.nodes() + ")");
                }
                return send(refreshed, request);
            });
        }
        return send(node, request);
    }

    <R extends Response> CompletableFuture<R> send(Node node, Request<R> request) {
        return network.connection(new Endpoint(node.host(), node.port())).send(request);
    }

    /** The coordinator of group {@code groupId} (a retriable error while it is being elected or loaded). */
    CompletableFuture<Endpoint> coordinator(String groupId) {
        return coordinator(FindCoordinators.KEY_TYPE_GROUP, groupId, "group");
    }

    /** The transaction coordinator of {@code transactionalId}. */
    CompletableFuture<Endpoint> transactionCoordinator(String transactionalId) {
        return coordinator(FindCoordinators.KEY_TYPE_TRANSACTION, transactionalId, "transactional id");
    }

    private CompletableFuture<Endpoint> coordinator(byte keyType, String key, String what) {
        CompletableFuture<dev.kurier.client.cluster.ClusterSnapshot> cluster = metadata.snapshot().nodes().isEmpty()
                ? metadata.refresh() : CompletableFuture.completedFuture(metadata.snapshot());
        return cluster.thenCompose(s -> {
            Node any = s.nodes().iterator().next();
            BrokerConnection c = network.connection(new Endpoint(any.host(), any.port()));
            return c.apiVersions().thenCompose(versions -> c.send(FindCoordinators.request(keyType, key,
                    versions.negotiate(ApiKey.FIND_COORDINATOR))));
        }).thenApply(resp -> {
            for (FindCoordinatorResponse.Coordinator c : FindCoordinators.results(resp, key)) {
                if (c.errorCode() != 0) {
                    throw new KafkaErrorException(Errors.forCode(c.errorCode()), "finding the coordinator of " + what
                            + " '" + key + "'" + (c.errorMessage() == null ? "" : ": " + c.errorMessage()));
                }
                return new Endpoint(c.host(), c.port());
            }
            throw new BrokerUnavailableException(null, "no coordinator named for " + what + " '" + key + "'", null);
        });
    }

    /**
     * One request per leader for the pending partitions; a partition without a known leader gets a retriable
     * outcome and asks for a metadata refresh.
     */
    <Q extends Request<R>, R extends Response, V> CompletableFuture<Map<TopicPartition, Outcome<V>>> byLeader(
            Set<TopicPartition> pending, Function<List<TopicPartition>, Q> request,
            Function<R, Map<TopicPartition, Outcome<V>>> answers) {
        Set<String> topics = new java.util.HashSet<>();
        pending.forEach(tp -> topics.add(tp.topic()));
        return metadata.describe(topics).thenCompose(snapshot -> {
            Map<TopicPartition, Outcome<V>> all = new HashMap<>();
            Map<Node, List<TopicPartition>> byNode = new LinkedHashMap<>();
            for (TopicPartition tp : pending) {
                if (snapshot.topic(tp.topic()) == null) {
                    short err = snapshot.topicError(tp.topic());
                    all.put(tp, Outcome.of(err != 0 ? err : Errors.UNKNOWN_TOPIC_OR_PARTITION.code, null, null));
                    continue;
                }
                if (snapshot.partition(tp) == null) {
                    all.put(tp, Outcome.of(Errors.UNKNOWN_TOPIC_OR_PARTITION.code, "the topic has "
                            + snapshot.partitions(tp.topic()).size() + " partition(s)", null));
                    continue;
                }
                Node leader = snapshot.leader(tp);
                if (leader == null) {
                    all.put(tp, Outcome.of(Errors.LEADER_NOT_AVAILABLE.code, null, null));
                    continue;
                }
                byNode.computeIfAbsent(leader, n -> new ArrayList<>()).add(tp);
            }
            List<CompletableFuture<Map<TopicPartition, Outcome<V>>>> sent = new ArrayList<>();
            byNode.forEach((node, group) -> sent.add(send(node, request.apply(group)).thenApply(answers)));
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> {
                sent.forEach(f -> all.putAll(f.join()));
                return all;
            });
        });
    }

    /** Runs an operation over {@code keys} with this context's limits. */
    <K, V> dev.kurier.client.admin.AdminResults<K, V> run(String what, Collection<K> keys,
                                                        EntityCall.Attempt<K, V> attempt, Function<K, String> describe) {
        return EntityCall.run(what, keys, attempt, apiTimeout, retryBackoff, describe);
    }

    /** One request per group to its coordinator; the answers merged. */
    <V> CompletableFuture<Map<String, Outcome<V>>> perGroup(Set<String> groups, GroupRequest<V> send) {
        List<String> order = List.copyOf(groups);
        List<CompletableFuture<Outcome<V>>> sent = new ArrayList<>();
        for (String groupId : order) {
            sent.add(coordinator(groupId).thenCompose(c -> send.send(groupId, c))
                    .exceptionally(e -> {
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                                ? e.getCause() : e;
                        if (cause instanceof KafkaErrorException k) {
                            return Outcome.of(k.error().code, k.getMessage(), null);
                        }
                        throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
                    }));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, Outcome<V>> out = new HashMap<>();
            for (int i = 0; i < order.size(); i++) {
                Outcome<V> o = sent.get(i).join();
                if (o != null) {
                    out.put(order.get(i), o);
                }
            }
            return out;
        });
    }

    /** Sends one group's request to its coordinator. */
    interface GroupRequest<V> {
        CompletableFuture<Outcome<V>> send(String groupId, Endpoint coordinator);
    }
}
