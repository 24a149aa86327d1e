package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.ElectionType;
import dev.kurier.client.admin.FeatureMetadata;
import dev.kurier.client.admin.LogDirDescription;
import dev.kurier.client.admin.PartitionReassignment;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.message.AlterPartitionReassignmentsRequest;
import dev.kurier.client.protocol.message.ApiVersionsRequest;
import dev.kurier.client.protocol.message.AlterPartitionReassignmentsResponse;
import dev.kurier.client.protocol.message.DescribeLogDirsRequest;
import dev.kurier.client.protocol.message.DescribeLogDirsResponse;
import dev.kurier.client.protocol.message.ElectLeadersRequest;
import dev.kurier.client.protocol.message.ElectLeadersResponse;
import dev.kurier.client.protocol.message.ListPartitionReassignmentsRequest;
import dev.kurier.client.protocol.message.ListPartitionReassignmentsResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Where replicas live: log directories per broker, leader elections, partition reassignments. */
final class ReplicaOperations {

    private final AdminContext ctx;

    ReplicaOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    AdminResults<Integer, Map<String, LogDirDescription>> describeLogDirs(Collection<Integer> brokers) {
        return ctx.run("describing the log directories of", new LinkedHashSet<>(brokers), pending -> {
            List<CompletableFuture<Map<Integer, Outcome<Map<String, LogDirDescription>>>>> sent = new ArrayList<>();
            for (int broker : pending) {
                // Null topics: every directory and every replica in it.
                sent.add(ctx.broker(broker, DescribeLogDirsRequest.builder().topics(null).build()).thenApply(resp -> {
                    Map<String, LogDirDescription> dirs = new LinkedHashMap<>();
                    for (DescribeLogDirsResponse.DescribeLogDirsResult r : resp.results()) {
                        Map<TopicPartition, LogDirDescription.ReplicaInfo> replicas = new LinkedHashMap<>();
                        for (DescribeLogDirsResponse.DescribeLogDirsTopic t : r.topics()) {
                            for (DescribeLogDirsResponse.DescribeLogDirsPartition p : t.partitions()) {
                                replicas.put(new TopicPartition(t.name(), p.partitionIndex()),
                                        new LogDirDescription.ReplicaInfo(p.partitionSize(), p.offsetLag(),
                                                p.isFutureKey()));
                            }
                        }
                        dirs.put(r.logDir(), new LogDirDescription(r.logDir(), Errors.forCode(r.errorCode()).name(),
                                Collections.unmodifiableMap(replicas), r.totalBytes(), r.usableBytes()));
                    }
                    return Map.of(broker, Outcome.of(resp.errorCode(), null, Collections.unmodifiableMap(dirs)));
                }));
            }
            return merge(sent);
        }, b -> "broker " + b);
    }

    AdminResults<TopicPartition, Void> electLeaders(ElectionType type, Set<TopicPartition> partitions) {
        return ctx.run("electing the " + type.name().toLowerCase(java.util.Locale.ROOT) + " leader of", partitions,
                pending -> ctx.anyBroker(ElectLeadersRequest.builder().electionType((byte) type.ordinal())
                        .topicPartitions(byTopic(pending, ElectLeadersRequest.TopicPartitions::new))
                        .timeoutMs(ctx.requestTimeoutMs()).build()).thenApply(resp -> {
                            Map<TopicPartition, Outcome<Void>> out = new HashMap<>();
                            for (ElectLeadersResponse.ReplicaElectionResult t : resp.replicaElectionResults()) {
                                for (ElectLeadersResponse.PartitionResult p : t.partitionResult()) {
                                    short code = resp.errorCode() != 0 ? resp.errorCode() : p.errorCode();
                                    out.put(new TopicPartition(t.topic(), p.partitionId()),
                                            Outcome.of(code, p.errorMessage(), null));
                                }
                            }
                            return out;
                        }), tp -> "partition " + tp);
    }

    /** Moves partitions to the given replicas; an empty list cancels the partition's reassignment in progress. */
    AdminResults<TopicPartition, Void> alterReassignments(Map<TopicPartition, List<Integer>> targets) {
        return ctx.run("reassigning", targets.keySet(), pending -> {
            Map<String, List<AlterPartitionReassignmentsRequest.ReassignablePartition>> topics = new TreeMap<>();
            for (TopicPartition tp : pending) {
                List<Integer> replicas = targets.get(tp);
                topics.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(
                        new AlterPartitionReassignmentsRequest.ReassignablePartition(tp.partition(),
                                replicas == null || replicas.isEmpty() ? null : List.copyOf(replicas)));
            }
            List<AlterPartitionReassignmentsRequest.ReassignableTopic> wire = new ArrayList<>();
            topics.forEach((t, ps) -> wire.add(new AlterPartitionReassignmentsRequest.ReassignableTopic(t, ps)));
            return ctx.anyBroker(AlterPartitionReassignmentsRequest.builder().timeoutMs(ctx.requestTimeoutMs())
                    .allowReplicationFactorChange(true).topics(wire).build()).thenApply(resp -> {
                        Map<TopicPartition, Outcome<Void>> out = new HashMap<>();
                        for (AlterPartitionReassignmentsResponse.ReassignableTopicResponse t : resp.responses()) {
                            for (AlterPartitionReassignmentsResponse.ReassignablePartitionResponse p : t.partitions()) {
                                short code = resp.errorCode() != 0 ? resp.errorCode() : p.errorCode();
                                out.put(new TopicPartition(t.name(), p.partitionIndex()),
                                        Outcome.of(code, resp.errorCode() != 0 ? resp.errorMessage() : p.errorMessage(),
                                                null));
                            }
                        }
                        return out;
                    });
        }, tp -> "partition " + tp);
    }

    CompletableFuture<Map<TopicPartition, PartitionReassignment>> listReassignments() {
        return ctx.anyBroker(ListPartitionReassignmentsRequest.builder().timeoutMs(ctx.requestTimeoutMs()).topics(null)
                .build()).thenApply(resp -> {
                    if (resp.errorCode() != 0) {
                        throw new KafkaErrorException(Errors.forCode(resp.errorCode()), "listing partition "
                                + "reassignments" + (resp.errorMessage() == null ? "" : ": " + resp.errorMessage()));
                    }
                    Map<TopicPartition, PartitionReassignment> out = new LinkedHashMap<>();
                    for (ListPartitionReassignmentsResponse.OngoingTopicReassignment t : resp.topics()) {
                        for (ListPartitionReassignmentsResponse.OngoingPartitionReassignment p : t.partitions()) {
                            out.put(new TopicPartition(t.name(), p.partitionIndex()), new PartitionReassignment(
                                    p.replicas(), p.addingReplicas(), p.removingReplicas()));
                        }
                    }
                    return Collections.unmodifiableMap(out);
                });
    }

    /** Feature levels, from one broker's ApiVersions answer. */
    CompletableFuture<FeatureMetadata> describeFeatures() {
        return ctx.anyBroker(ApiVersionsRequest.builder().clientSoftwareName("kurier-admin")
                .clientSoftwareVersion("0").build()).thenApply(resp -> {
                    if (resp.errorCode() != 0) {
                        throw new KafkaErrorException(Errors.forCode(resp.errorCode()), "describing features");
                    }
                    Map<String, Short> finalized = new TreeMap<>();
                    resp.finalizedFeatures().forEach(f -> finalized.put(f.name(), f.maxVersionLevel()));
                    Map<String, FeatureMetadata.Range> supported = new TreeMap<>();
                    resp.supportedFeatures().forEach(f -> supported.put(f.name(),
                            new FeatureMetadata.Range(f.minVersion(), f.maxVersion())));
                    return new FeatureMetadata(Collections.unmodifiableMap(finalized),
                            Collections.unmodifiableMap(supported), resp.finalizedFeaturesEpoch());
                });
    }

    /** Partitions grouped by topic, in the wire type {@code make} builds. */
    static <T> List<T> byTopic(Set<TopicPartition> partitions,
                               java.util.function.BiFunction<String, List<Integer>, T> make) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<T> out = new ArrayList<>();
        byTopic.forEach((t, ps) -> out.add(make.apply(t, ps)));
        return out;
    }

    static <K, V> CompletableFuture<Map<K, Outcome<V>>> merge(List<CompletableFuture<Map<K, Outcome<V>>>> sent) {
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<K, Outcome<V>> all = new HashMap<>();
            sent.forEach(f -> all.putAll(f.join()));
            return all;
        });
    }
}
