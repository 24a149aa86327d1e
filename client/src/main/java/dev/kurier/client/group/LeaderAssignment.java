package dev.kurier.client.group;

import dev.kurier.client.cluster.ClusterSnapshot;
import dev.kurier.client.cluster.TopicInfo;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.group.assignor.Assignment;
import dev.kurier.client.group.assignor.ConsumerPartitionAssignor;
import dev.kurier.client.group.assignor.RebalanceProtocol;
import dev.kurier.client.group.assignor.Subscription;
import dev.kurier.client.protocol.message.JoinGroupResponse;
import dev.kurier.client.protocol.message.SyncGroupRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's part of a rebalance: decode every member's subscription, look up the partition counts of all
 * topics they subscribe to, run the assignor the coordinator chose, check the result and encode it for
 * SyncGroup.
 *
 * <p>Under the cooperative protocol the result is checked like kafka-clients does: no member may be given a
 * partition that another member still owns (it must be revoked first), whatever assignor produced it.
 */
final class LeaderAssignment {

    private static final Logger log = LoggerFactory.getLogger(LeaderAssignment.class);

    /**
     * The assignments to send and the partition counts they were computed from.
     *
     * @param topicCounts partition count per subscribed topic (0 for topics that do not exist)
     */
    record Result(List<SyncGroupRequest.Assignment> assignments, Map<String, Integer> topicCounts) {
    }

    private LeaderAssignment() {
    }

    /** Runs the assignment for {@code join} on the group thread, once the partition counts are known. */
    static CompletableFuture<Result> run(GroupContext ctx, JoinGroupResponse join) {
        ConsumerPartitionAssignor assignor = ctx.assignor(join.protocolName());
        if (assignor == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the coordinator chose assignor '"
                    + join.protocolName() + "', which this member did not offer"));
        }
        Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        Set<String> topics = new TreeSet<>();
        for (JoinGroupResponse.Member m : join.members()) {
            Subscription s;
            try {
                s = ProtocolMapping.subscription(m.metadata(), m.groupInstanceId());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(new IllegalStateException("member " + m.memberId()
                        + " sent a subscription that cannot be read: " + e.getMessage(), e));
            }
            subscriptions.put(m.memberId(), s);
            topics.addAll(s.topics());
        }
        ctx.metadata().track(topics);
        return ctx.metadata().describe(topics).thenApplyAsync(snapshot -> {
            Map<String, Integer> counts = counts(snapshot, topics);
            Map<String, Assignment> assignments = assignor.assign(present(counts), subscriptions);
            validate(ctx, assignor, subscriptions, assignments);
            List<SyncGroupRequest.Assignment> out = new ArrayList<>();
            for (String member : subscriptions.keySet()) {
                Assignment a = assignments.getOrDefault(member, Assignment.of(List.of()));
                out.add(new SyncGroupRequest.Assignment(member, ProtocolMapping.assignmentBytes(a)));
            }
            log.info("group {}: as leader of generation {}, assigned {} partition(s) of {} topic(s) to {} member(s) "
                    + "with {}", ctx.config().groupId(), join.generationId(), assignedCount(assignments),
                    counts.size(), subscriptions.size(), assignor.name());
            log.debug("group {}: assignment of generation {}: {}", ctx.config().groupId(), join.generationId(),
                    summary(assignments));
            return new Result(out, counts);
        }, ctx.executor());
    }

    private static Map<String, Integer> counts(ClusterSnapshot snapshot, Set<String> topics) {
        Map<String, Integer> counts = new HashMap<>();
        for (String t : topics) {
            TopicInfo info = snapshot.topic(t);
            counts.put(t, info == null ? 0 : info.partitionCount());
        }
        return counts;
    }

    private static Map<String, Integer> present(Map<String, Integer> counts) {
        Map<String, Integer> out = new HashMap<>();
        counts.forEach((t, n) -> {
            if (n > 0) {
                out.put(t, n);
            }
        });
        return out;
    }

    private static void validate(GroupContext ctx, ConsumerPartitionAssignor assignor,
                                 Map<String, Subscription> subscriptions, Map<String, Assignment> assignments) {
        Map<TopicPartition, String> assignedTo = new HashMap<>();
        for (Map.Entry<String, Assignment> e : assignments.entrySet()) {
            if (!subscriptions.containsKey(e.getKey())) {
                throw new IllegalStateException("assignor " + assignor.name() + " assigned partitions to "
                        + e.getKey() + ", which is not a member of the group");
            }
            for (TopicPartition tp : e.getValue().partitions()) {
                String other = assignedTo.put(tp, e.getKey());
                if (other != null && !other.equals(e.getKey())) {
                    throw new IllegalStateException("assignor " + assignor.name() + " assigned " + tp
                            + " to both " + other + " and " + e.getKey());
                }
            }
        }
        if (ctx.protocol() != RebalanceProtocol.COOPERATIVE) {
            return;
        }
        Map<TopicPartition, String> ownedBy = new HashMap<>();
        subscriptions.forEach((member, s) -> s.ownedPartitions().forEach(tp -> ownedBy.put(tp, member)));
        for (Map.Entry<String, Assignment> e : assignments.entrySet()) {
            Set<TopicPartition> owned = new HashSet<>(subscriptions.get(e.getKey()).ownedPartitions());
            for (TopicPartition tp : e.getValue().partitions()) {
                String owner = ownedBy.get(tp);
                if (!owned.contains(tp) && owner != null) {
                    throw new IllegalStateException("assignor " + assignor.name() + " gave " + tp + " to "
                            + e.getKey() + " while " + owner + " still owns it; a cooperative assignor must "
                            + "first revoke it and assign it in the next rebalance");
                }
            }
        }
    }

    private static int assignedCount(Map<String, Assignment> assignments) {
        int n = 0;
        for (Assignment a : assignments.values()) {
            n += a.partitions().size();
        }
        return n;
    }

    private static String summary(Map<String, Assignment> assignments) {
        StringBuilder sb = new StringBuilder();
        assignments.forEach((m, a) -> sb.append(sb.length() == 0 ? "" : ", ").append(m).append('=')
                .append(a.partitions()));
        return sb.toString();
    }
}
