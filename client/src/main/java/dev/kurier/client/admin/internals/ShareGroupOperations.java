package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AclOperation;
import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.GroupDescription;
import dev.kurier.client.admin.MemberDescription;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.network.BrokerConnection;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.message.AlterShareGroupOffsetsRequest;
import dev.kurier.client.protocol.message.AlterShareGroupOffsetsResponse;
import dev.kurier.client.protocol.message.DeleteShareGroupOffsetsRequest;
import dev.kurier.client.protocol.message.DeleteShareGroupOffsetsResponse;
import dev.kurier.client.protocol.message.DescribeShareGroupOffsetsRequest;
import dev.kurier.client.protocol.message.DescribeShareGroupOffsetsResponse;
import dev.kurier.client.protocol.message.ShareGroupDescribeRequest;
import dev.kurier.client.protocol.message.ShareGroupDescribeResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Share groups (KIP-932): describe (ShareGroupDescribe), and the start offsets a share group reads from: list
 * (DescribeShareGroupOffsets), alter (AlterShareGroupOffsets, only while the group has no members) and delete per
 * topic (DeleteShareGroupOffsets). Every request goes to the group's coordinator, found anew on each attempt.
 */
final class ShareGroupOperations {

    /** What a share group is called in descriptions and listings. */
    static final String TYPE = "share";

    private final AdminContext ctx;

    ShareGroupOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    AdminResults<String, GroupDescription> describe(Collection<String> groupIds, boolean authorizedOperations) {
        return ctx.run("describing share", Set.copyOf(groupIds), pending -> ctx.perGroup(pending, (groupId, coordinator) ->
                describe(ctx.network().connection(coordinator), groupId, authorizedOperations)), id -> "group '" + id + "'");
    }

    /**
     * Describes {@code groupId} on its coordinator {@code c}: an outcome with GROUP_ID_NOT_FOUND when it is not a
     * share group (or the broker has no share groups).
     */
    static CompletableFuture<Outcome<GroupDescription>> describe(BrokerConnection c, String groupId,
                                                                 boolean authorizedOperations) {
        return c.apiVersions().thenCompose(versions -> {
            if (!versions.supports(ApiKey.SHARE_GROUP_DESCRIBE)) {
                return CompletableFuture.completedFuture(Outcome.<GroupDescription>of(Errors.GROUP_ID_NOT_FOUND.code,
                        "the broker has no share groups (Kafka 4.0 or newer, share groups enabled)", null));
            }
            return c.send(ShareGroupDescribeRequest.builder().groupIds(List.of(groupId))
                    .includeAuthorizedOperations(authorizedOperations).build()).thenApply(resp -> {
                        for (ShareGroupDescribeResponse.DescribedGroup g : resp.groups()) {
                            if (g.groupId().equals(groupId)) {
                                return Outcome.of(g.errorCode(), g.errorMessage(), g.errorCode() == 0 ? description(g) : null);
                            }
                        }
                        return Outcome.<GroupDescription>of(Errors.GROUP_ID_NOT_FOUND.code, null, null);
                    });
        });
    }

    private static GroupDescription description(ShareGroupDescribeResponse.DescribedGroup g) {
        List<MemberDescription> members = new ArrayList<>();
        for (ShareGroupDescribeResponse.Member m : g.members()) {
            List<TopicPartition> assignment = new ArrayList<>();
            if (m.assignment() != null) {
                for (ShareGroupDescribeResponse.TopicPartitions tps : m.assignment().topicPartitions()) {
                    tps.partitions().forEach(p -> assignment.add(new TopicPartition(tps.topicName(), p)));
                }
            }
            members.add(new MemberDescription(m.memberId(), null, m.clientId(), m.clientHost(), List.copyOf(assignment)));
        }
        return new GroupDescription(g.groupId(), TYPE, g.groupState(), TYPE, g.assignorName(), List.copyOf(members),
                AclOperation.fromBits(g.authorizedOperations()));
    }

    /** The start offset of every partition the share group has state for (the next offset it delivers from). */
    CompletableFuture<Map<TopicPartition, Long>> listOffsets(String groupId) {
        return ctx.run("listing the start offsets of share", Set.of(groupId), pending -> ctx.perGroup(pending,
                (id, coordinator) -> ctx.network().connection(coordinator).send(DescribeShareGroupOffsetsRequest.builder()
                        .groups(List.of(new DescribeShareGroupOffsetsRequest.Group(id, null))).build())
                        .thenApply(resp -> offsets(resp, id))), id -> "group '" + id + "'").value(groupId);
    }

    private static Outcome<Map<TopicPartition, Long>> offsets(DescribeShareGroupOffsetsResponse resp, String groupId) {
        for (DescribeShareGroupOffsetsResponse.Group g : resp.groups()) {
            if (!g.groupId().equals(groupId)) {
                continue;
            }
            if (g.errorCode() != 0) {
                return Outcome.of(g.errorCode(), g.errorMessage(), null);
            }
            Map<TopicPartition, Long> out = new TreeMap<>();
            for (DescribeShareGroupOffsetsResponse.Topic t : g.topics()) {
                for (DescribeShareGroupOffsetsResponse.Partition p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(t.topicName(), p.partitionIndex());
                    if (p.errorCode() != 0) {
                        throw new KafkaErrorException(Errors.forCode(p.errorCode()), "the start offset of share group '"
                                + groupId + "' for " + tp + (p.errorMessage() == null ? "" : ": " + p.errorMessage()));
                    }
                    if (p.startOffset() >= 0) {
                        out.put(tp, p.startOffset());
                    }
                }
            }
            return Outcome.ok(out);
        }
        return Outcome.of(Errors.GROUP_ID_NOT_FOUND.code, null, null);
    }

    /** Sets where the share group starts reading partitions; the group must have no members (NON_EMPTY_GROUP). */
    AdminResults<TopicPartition, Void> alterOffsets(String groupId, Map<TopicPartition, Long> startOffsets) {
        return ctx.run("altering the start offset of share group '" + groupId + "' for", startOffsets.keySet(), pending ->
                ctx.coordinator(groupId).thenCompose(coordinator -> {
                    Map<String, List<AlterShareGroupOffsetsRequest.Partition>> byTopic = new TreeMap<>();
                    for (TopicPartition tp : pending) {
                        byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(
                                new AlterShareGroupOffsetsRequest.Partition(tp.partition(), startOffsets.get(tp)));
                    }
                    List<AlterShareGroupOffsetsRequest.Topic> topics = new ArrayList<>();
                    byTopic.forEach((t, ps) -> topics.add(new AlterShareGroupOffsetsRequest.Topic(t, ps)));
                    return ctx.network().connection(coordinator).send(AlterShareGroupOffsetsRequest.builder()
                            .groupId(groupId).topics(topics).build());
                }).thenApply((AlterShareGroupOffsetsResponse resp) -> {
                    Map<TopicPartition, Outcome<Void>> out = new HashMap<>();
                    if (resp.errorCode() != 0) {
                        pending.forEach(tp -> out.put(tp, Outcome.of(resp.errorCode(), resp.errorMessage(), null)));
                        return out;
                    }
                    for (AlterShareGroupOffsetsResponse.Topic t : resp.responses()) {
                        for (AlterShareGroupOffsetsResponse.Partition p : t.partitions()) {
                            out.put(new TopicPartition(t.topicName(), p.partitionIndex()),
                                    Outcome.of(p.errorCode(), p.errorMessage(), null));
                        }
                    }
                    return out;
                }), tp -> "partition " + tp);
    }

    /** Forgets the share group's state of whole topics; the group must have no members (NON_EMPTY_GROUP). */
    AdminResults<String, Void> deleteOffsets(String groupId, Set<String> topics) {
        return ctx.run("deleting the offsets of share group '" + groupId + "' for", topics, pending ->
                ctx.coordinator(groupId).thenCompose(coordinator -> {
                    List<DeleteShareGroupOffsetsRequest.Topic> list = new ArrayList<>();
                    pending.stream().sorted().forEach(t -> list.add(new DeleteShareGroupOffsetsRequest.Topic(t)));
                    return ctx.network().connection(coordinator).send(DeleteShareGroupOffsetsRequest.builder()
                            .groupId(groupId).topics(list).build());
                }).thenApply((DeleteShareGroupOffsetsResponse resp) -> {
                    Map<String, Outcome<Void>> out = new HashMap<>();
                    if (resp.errorCode() != 0) {
                        pending.forEach(t -> out.put(t, Outcome.of(resp.errorCode(), resp.errorMessage(), null)));
                        return out;
                    }
                    for (DeleteShareGroupOffsetsResponse.Topic t : resp.responses()) {
                        out.put(t.topicName(), Outcome.of(t.errorCode(), t.errorMessage(), null));
                    }
                    return out;
                }), t -> "topic '" + t + "'");
    }
}
