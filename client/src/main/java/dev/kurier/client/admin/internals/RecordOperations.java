package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.ListedOffset;
import dev.kurier.client.admin.OffsetSpec;
import dev.kurier.client.common.Node;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.Request;
import dev.kurier.client.protocol.Response;
import dev.kurier.client.protocol.message.DeleteRecordsRequest;
import dev.kurier.client.protocol.message.DeleteRecordsResponse;
import dev.kurier.client.protocol.message.ListOffsetsRequest;
import dev.kurier.client.protocol.message.ListOffsetsResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Records: delete before an offset, and look up offsets (earliest, latest, max timestamp, by time). Both go to each
 * partition's leader; a partition whose leader is unknown or moved is retried after a metadata refresh.
 */
final class RecordOperations {

    private final AdminContext ctx;

    RecordOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    AdminResults<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        return ctx.run("deleting records of", beforeOffsets.keySet(), pending -> byLeader(pending, group -> {
            Map<String, List<DeleteRecordsRequest.DeleteRecordsPartition>> byTopic = new TreeMap<>();
            for (TopicPartition tp : group) {
                byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                        .add(new DeleteRecordsRequest.DeleteRecordsPartition(tp.partition(), beforeOffsets.get(tp)));
            }
            List<DeleteRecordsRequest.DeleteRecordsTopic> topics = new ArrayList<>();
            byTopic.forEach((t, ps) -> topics.add(new DeleteRecordsRequest.DeleteRecordsTopic(t, ps)));
            return DeleteRecordsRequest.builder().topics(topics).timeoutMs(ctx.requestTimeoutMs()).build();
        }, (DeleteRecordsResponse resp) -> {
            Map<TopicPartition, Outcome<Long>> out = new HashMap<>();
            for (DeleteRecordsResponse.DeleteRecordsTopicResult t : resp.topics()) {
                for (DeleteRecordsResponse.DeleteRecordsPartitionResult p : t.partitions()) {
                    out.put(new TopicPartition(t.name(), p.partitionIndex()),
                            Outcome.of(p.errorCode(), null, p.lowWatermark()));
                }
            }
            return out;
        }), RecordOperations::partition);
    }

    AdminResults<TopicPartition, ListedOffset> listOffsets(Map<TopicPartition, OffsetSpec> specs, boolean readCommitted) {
        return ctx.run("listing offsets of", specs.keySet(), pending -> byLeader(pending, group -> {
            Map<String, List<ListOffsetsRequest.ListOffsetsPartition>> byTopic = new TreeMap<>();
            for (TopicPartition tp : group) {
                byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                        .add(new ListOffsetsRequest.ListOffsetsPartition(tp.partition(), -1, specs.get(tp).timestamp()));
            }
            List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
            byTopic.forEach((t, ps) -> topics.add(new ListOffsetsRequest.ListOffsetsTopic(t, ps)));
            return ListOffsetsRequest.builder().replicaId(-1).isolationLevel((byte) (readCommitted ? 1 : 0))
                    .topics(topics).timeoutMs(ctx.requestTimeoutMs()).build();
        }, (ListOffsetsResponse resp) -> {
            Map<TopicPartition, Outcome<ListedOffset>> out = new HashMap<>();
            for (ListOffsetsResponse.ListOffsetsTopicResponse t : resp.topics()) {
                for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                    out.put(new TopicPartition(t.name(), p.partitionIndex()), Outcome.of(p.errorCode(), null,
                            new ListedOffset(p.offset(), p.timestamp(), p.leaderEpoch())));
                }
            }
            return out;
        }), RecordOperations::partition);
    }

    /**
     * One request per leader for the pending partitions; a partition without a known leader gets a retriable
     * outcome and asks for a metadata refresh.
     */
    private <Q extends Request<R>, R extends Response, V> CompletableFuture<Map<TopicPartition, Outcome<V>>> byLeader(
            Set<TopicPartition> pending, Function<List<TopicPartition>, Q> request,
            Function<R, Map<TopicPartition, Outcome<V>>> answers) {
        Set<String> topics = new java.util.HashSet<>();
        pending.forEach(tp -> topics.add(tp.topic()));
        return ctx.metadata().describe(topics).thenCompose(snapshot -> {
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
            byNode.forEach((node, group) -> sent.add(ctx.send(node, request.apply(group)).thenApply(answers)));
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> {
                sent.forEach(f -> all.putAll(f.join()));
                return all;
            });
        });
    }

    private static String partition(TopicPartition tp) {
        return "partition " + tp;
    }
}
