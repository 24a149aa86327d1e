package dev.kurier.client.admin.internals;

import dev.kurier.client.admin.AclOperation;
import dev.kurier.client.admin.AdminResults;
import dev.kurier.client.admin.GroupDescription;
import dev.kurier.client.admin.GroupListing;
import dev.kurier.client.admin.MemberDescription;
import dev.kurier.client.common.Node;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.network.BrokerConnection;
import dev.kurier.client.network.Endpoint;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.ConsumerProtocol;
import dev.kurier.client.protocol.ConsumerProtocolAssignment;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.ProtocolException;
import dev.kurier.client.protocol.message.ConsumerGroupDescribeRequest;
import dev.kurier.client.protocol.message.ConsumerGroupDescribeResponse;
import dev.kurier.client.protocol.message.DeleteGroupsRequest;
import dev.kurier.client.protocol.message.DeleteGroupsResponse;
import dev.kurier.client.protocol.message.DescribeGroupsRequest;
import dev.kurier.client.protocol.message.DescribeGroupsResponse;
import dev.kurier.client.protocol.message.LeaveGroupRequest;
import dev.kurier.client.protocol.message.LeaveGroupResponse;
import dev.kurier.client.protocol.message.ListGroupsRequest;
import dev.kurier.client.protocol.message.ListGroupsResponse;
import dev.kurier.client.protocol.message.OffsetCommitRequest;
import dev.kurier.client.protocol.message.OffsetCommitResponse;
import dev.kurier.client.protocol.message.OffsetDeleteRequest;
import dev.kurier.client.protocol.message.OffsetDeleteResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Groups: list (every broker, with state and type filters), describe, delete, alter and delete committed offsets,
 * remove static members. Group requests go to the group's coordinator, found anew on every attempt so that a moved
 * coordinator (NOT_COORDINATOR) is retried against the new one.
 */
final class GroupOperations {

    private final AdminContext ctx;

    GroupOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    CompletableFuture<List<GroupListing>> list(Collection<String> states, Collection<String> types) {
        CompletableFuture<dev.kurier.client.cluster.ClusterSnapshot> cluster = ctx.metadata().refresh();
        return cluster.thenCompose(s -> {
            List<Node> brokers = List.copyOf(s.nodes());
            List<CompletableFuture<ListGroupsResponse>> answers = new ArrayList<>();
            ListGroupsRequest request = ListGroupsRequest.builder().statesFilter(List.copyOf(states))
                    .typesFilter(List.copyOf(types)).build();
            for (Node n : brokers) {
                answers.add(ctx.send(n, request));
            }
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<String, GroupListing> groups = new TreeMap<>();
                for (int i = 0; i < answers.size(); i++) {
                    ListGroupsResponse r = answers.get(i).join();
                    if (r.errorCode() != 0) {
                        throw new KafkaErrorException(Errors.forCode(r.errorCode()), "listing groups on broker "
                                + brokers.get(i).id());
                    }
                    for (ListGroupsResponse.ListedGroup g : r.groups()) {
                        groups.put(g.groupId(), new GroupListing(g.groupId(), g.protocolType(),
                                g.groupState() == null ? "" : g.groupState(), g.groupType() == null ? "" : g.groupType()));
                    }
                }
                return List.copyOf(groups.values());
            });
        });
    }

    /**
     * Describes groups: a KIP-848 group with ConsumerGroupDescribe, a share group (which ConsumerGroupDescribe calls
     * GROUP_ID_NOT_FOUND) with ShareGroupDescribe, a classic one (which both call GROUP_ID_NOT_FOUND) or any group on
     * a broker without the new protocol with DescribeGroups.
     */
    AdminResults<String, GroupDescription> describe(Collection<String> groupIds, boolean authorizedOperations) {
        return ctx.run("describing", Set.copyOf(groupIds), pending -> ctx.perGroup(pending, (groupId, coordinator) -> {
            BrokerConnection c = ctx.network().connection(coordinator);
            return c.apiVersions().thenCompose(versions -> {
                if (!versions.supports(ApiKey.CONSUMER_GROUP_DESCRIBE)) {
                    return describeClassic(c, groupId, authorizedOperations);
                }
                return c.send(ConsumerGroupDescribeRequest.builder().groupIds(List.of(groupId))
                        .includeAuthorizedOperations(authorizedOperations).build()).thenCompose(resp -> {
                            for (ConsumerGroupDescribeResponse.DescribedGroup g : resp.groups()) {
                                if (g.groupId().equals(groupId) && g.errorCode() != Errors.GROUP_ID_NOT_FOUND.code) {
                                    return CompletableFuture.completedFuture(Outcome.of(g.errorCode(), g.errorMessage(),
                                            g.errorCode() == 0 ? consumerDescription(g) : null));
                                }
                            }
                            return ShareGroupOperations.describe(c, groupId, authorizedOperations).thenCompose(share ->
                                    share.error() == Errors.GROUP_ID_NOT_FOUND
                                            ? describeClassic(c, groupId, authorizedOperations)
                                            : CompletableFuture.completedFuture(share));
                        });
            });
        }), GroupOperations::group);
    }

    private static CompletableFuture<Outcome<GroupDescription>> describeClassic(BrokerConnection c, String groupId,
                                                                              boolean authorizedOperations) {
        return c.send(DescribeGroupsRequest.builder().groups(List.of(groupId))
                .includeAuthorizedOperations(authorizedOperations).build()).thenApply(resp -> {
                    for (DescribeGroupsResponse.DescribedGroup g : resp.groups()) {
                        if (g.groupId().equals(groupId)) {
                            return Outcome.of(g.errorCode(), g.errorMessage(), g.errorCode() == 0 ? description(g) : null);
                        }
                    }
                    return null;
                });
    }

    private static GroupDescription consumerDescription(ConsumerGroupDescribeResponse.DescribedGroup g) {
        List<MemberDescription> members = new ArrayList<>();
        for (ConsumerGroupDescribeResponse.Member m : g.members()) {
            List<TopicPartition> assignment = new ArrayList<>();
            if (m.assignment() != null) {
                for (ConsumerGroupDescribeResponse.TopicPartitions tps : m.assignment().topicPartitions()) {
                    tps.partitions().forEach(p -> assignment.add(new TopicPartition(tps.topicName(), p)));
                }
            }
            members.add(new MemberDescription(m.memberId(), m.instanceId(), m.clientId(), m.clientHost(),
                    List.copyOf(assignment)));
        }
        return new GroupDescription(g.groupId(), "consumer", g.groupState(), ConsumerProtocol.PROTOCOL_TYPE,
                g.assignorName(), List.copyOf(members), AclOperation.fromBits(g.authorizedOperations()));
    }

    private static GroupDescription description(DescribeGroupsResponse.DescribedGroup g) {
        List<MemberDescription> members = new ArrayList<>();
        boolean consumer = ConsumerProtocol.PROTOCOL_TYPE.equals(g.protocolType());
        for (DescribeGroupsResponse.DescribedGroupMember m : g.members()) {
            List<TopicPartition> assignment = new ArrayList<>();
            if (consumer && m.memberAssignment() != null && m.memberAssignment().length > 0) {
                try {
                    for (ConsumerProtocol.TopicPartitions tps
                            : ConsumerProtocolAssignment.fromBytes(m.memberAssignment()).assignedPartitions()) {
                        tps.partitions().forEach(p -> assignment.add(new TopicPartition(tps.topic(), p)));
                    }
                } catch (ProtocolException e) {
                    throw new ProtocolException("group '" + g.groupId() + "' member " + m.memberId()
                            + " has an assignment that is not the consumer protocol's: " + e.getMessage());
                }
            }
            members.add(new MemberDescription(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    List.copyOf(assignment)));
        }
        return new GroupDescription(g.groupId(), "classic", g.groupState(), g.protocolType(), g.protocolData(),
                List.copyOf(members),
                AclOperation.fromBits(g.authorizedOperations()));
    }

    AdminResults<String, Void> delete(Collection<String> groupIds) {
        return ctx.run("deleting", Set.copyOf(groupIds), pending -> ctx.perGroup(pending, (groupId, coordinator) ->
                ctx.network().connection(coordinator).send(DeleteGroupsRequest.builder()
                        .groupsNames(List.of(groupId)).build()).thenApply(resp -> {
                            for (DeleteGroupsResponse.DeletableGroupResult r : resp.results()) {
                                if (r.groupId().equals(groupId)) {
                                    return Outcome.<Void>of(r.errorCode(), null, null);
                                }
                            }
                            return null;
                        })), GroupOperations::group);
    }

    /** Commits {@code offsets} for a group that has no active members (as kafka-clients' alterConsumerGroupOffsets). */
    AdminResults<TopicPartition, Void> alterOffsets(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        return ctx.run("altering the committed offset of group '" + groupId + "' for", offsets.keySet(), pending ->
                ctx.coordinator(groupId).thenCompose(coordinator -> {
                    Map<String, List<OffsetCommitRequest.Partition>> byTopic = new TreeMap<>();
                    for (TopicPartition tp : pending) {
                        OffsetAndMetadata om = offsets.get(tp);
                        byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(new OffsetCommitRequest.Partition(
                                tp.partition(), om.offset(), om.leaderEpoch(), om.metadata()));
                    }
                    List<OffsetCommitRequest.Topic> topics = new ArrayList<>();
                    byTopic.forEach((t, ps) -> topics.add(OffsetCommitRequest.Topic.builder().name(t).partitions(ps)
                            .build()));
                    return ctx.network().connection(coordinator).send(OffsetCommitRequest.builder().groupId(groupId)
                            .generationIdOrMemberEpoch(-1).memberId("").topics(topics).build());
                }).thenApply((OffsetCommitResponse resp) -> {
                    Map<TopicPartition, Outcome<Void>> out = new HashMap<>();
                    for (OffsetCommitResponse.Topic t : resp.topics()) {
                        for (OffsetCommitResponse.Partition p : t.partitions()) {
                            out.put(new TopicPartition(t.name(), p.partitionIndex()), Outcome.of(p.errorCode(), null, null));
                        }
                    }
                    return out;
                }), tp -> "partition " + tp);
    }

    /** Deletes committed offsets of partitions the group no longer consumes (OffsetDelete). */
    AdminResults<TopicPartition, Void> deleteOffsets(String groupId, Set<TopicPartition> partitions) {
        return ctx.run("deleting the committed offset of group '" + groupId + "' for", partitions, pending ->
                ctx.coordinator(groupId).thenCompose(coordinator -> {
                    Map<String, List<OffsetDeleteRequest.Partition>> byTopic = new TreeMap<>();
                    for (TopicPartition tp : pending) {
                        byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                                .add(new OffsetDeleteRequest.Partition(tp.partition()));
                    }
                    List<OffsetDeleteRequest.Topic> topics = new ArrayList<>();
                    byTopic.forEach((t, ps) -> topics.add(new OffsetDeleteRequest.Topic(t, ps)));
                    return ctx.network().connection(coordinator).send(OffsetDeleteRequest.builder().groupId(groupId)
                            .topics(topics).build());
                }).thenApply((OffsetDeleteResponse resp) -> {
                    Map<TopicPartition, Outcome<Void>> out = new HashMap<>();
                    for (TopicPartition tp : pending) {
                        if (resp.errorCode() != 0) {
                            out.put(tp, Outcome.of(resp.errorCode(), null, null)); // the whole group failed
                        }
                    }
                    for (OffsetDeleteResponse.Topic t : resp.topics()) {
                        for (OffsetDeleteResponse.Partition p : t.partitions()) {
                            out.putIfAbsent(new TopicPartition(t.name(), p.partitionIndex()),
                                    Outcome.of(p.errorCode(), null, null));
                        }
                    }
                    return out;
                }), tp -> "partition " + tp);
    }

    /** Removes static members (by group.instance.id) from the group, as their leaving would. */
    AdminResults<String, Void> removeMembers(String groupId, Collection<String> groupInstanceIds, String reason) {
        return ctx.run("removing from group '" + groupId + "' the member", Set.copyOf(groupInstanceIds), pending ->
                ctx.coordinator(groupId).thenCompose(coordinator -> {
                    List<LeaveGroupRequest.MemberIdentity> members = new ArrayList<>();
                    for (String id : pending) {
                        members.add(LeaveGroupRequest.MemberIdentity.builder().memberId("").groupInstanceId(id)
                                .reason(reason).build());
                    }
                    return ctx.network().connection(coordinator).send(LeaveGroupRequest.builder().groupId(groupId)
                            .members(members).build());
                }).thenApply((LeaveGroupResponse resp) -> {
                    Map<String, Outcome<Void>> out = new HashMap<>();
                    for (String id : pending) {
                        if (resp.errorCode() != 0) {
                            out.put(id, Outcome.of(resp.errorCode(), null, null));
                        }
                    }
                    for (LeaveGroupResponse.MemberResponse m : resp.members()) {
                        out.putIfAbsent(m.groupInstanceId(), Outcome.of(m.errorCode(), null, null));
                    }
                    return out;
                }), id -> "static member '" + id + "'");
    }

    private static String group(String groupId) {
        return "group '" + groupId + "'";
    }
}
