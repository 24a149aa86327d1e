package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.ListedOffset;
import dev.kurier.client.admin.OffsetSpec;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.protocol.message.DeleteRecordsRequest;
import dev.kurier.client.protocol.message.DeleteRecordsResponse;
import dev.kurier.client.protocol.message.ListOffsetsRequest;
import dev.kurier.client.protocol.message.ListOffsetsResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        return ctx.run("deleting records of", beforeOffsets.keySet(), pending -> ctx.byLeader(pending, group -> {
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
        return ctx.run("listing offsets of", specs.keySet(), pending -> ctx.byLeader(pending, group -> {
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

    private static String partition(TopicPartition tp) {
        return "partition " + tp;
    }
}
