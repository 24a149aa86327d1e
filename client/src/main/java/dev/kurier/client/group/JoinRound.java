package dev.kurier.client.group;

import dev.kurier.client.cluster.CoordinatorLocator;
import dev.kurier.client.protocol.VersionedRequest;

import dev.kurier.client.errors.KurierException;
import dev.kurier.client.group.assignor.Assignment;
import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.ConsumerProtocol;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.JoinGroupRequest;
import dev.kurier.client.protocol.message.JoinGroupResponse;
import dev.kurier.client.protocol.KafkaErrorException;
import dev.kurier.client.protocol.message.SyncGroupRequest;
import dev.kurier.client.protocol.message.SyncGroupResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rebalance of this member, from JoinGroup to the assignment, run on the group thread without waiting for
 * the application: the SyncGroup follows the JoinGroup answer at once (the coordinator starts the member's
 * session timer when it answers the JoinGroup), and the leader computes the assignment in between.
 *
 * <p>Handled inside the round: MEMBER_ID_REQUIRED (join again with the id the coordinator gave), coordinator
 * errors and connection failures (rediscover, retry after {@code retry.backoff.ms}), REBALANCE_IN_PROGRESS
 * (join again). Ends the round: success, UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION (membership lost), and fatal
 * errors such as FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL or GROUP_AUTHORIZATION_FAILED.
 */
final class JoinRound {

    private static final Logger log = LoggerFactory.getLogger(JoinRound.class);
    /** Extra time a JoinGroup may take beyond the rebalance timeout (as kafka-clients allows). */
    static final Duration JOIN_GRACE = Duration.ofSeconds(5);

    private final GroupContext ctx;
    private final Heartbeater heartbeater;
    private final int epoch;
    private final List<JoinGroupRequest.Protocol> protocols;
    private final String reason;
    private final CompletableFuture<JoinOutcome> result = new CompletableFuture<>();
    private final String group;

    JoinRound(GroupContext ctx, Heartbeater heartbeater, int epoch, List<JoinGroupRequest.Protocol> protocols,
              String reason) {
        this.ctx = ctx;
        this.heartbeater = heartbeater;
        this.epoch = epoch;
        this.protocols = protocols;
        this.reason = reason;
        this.group = ctx.config().groupId();
    }

    /** Starts the round; the future completes when it ends (on the group thread). */
    CompletableFuture<JoinOutcome> start() {
        onGroupThread(this::sendJoin);
        return result;
    }

    private void onGroupThread(Runnable r) {
        try {
            ctx.executor().execute(r);
        } catch (RejectedExecutionException closed) {
            result.complete(new JoinOutcome.Abandoned());
        }
    }

    private boolean abandoned() {
        if (!ctx.membership().isCurrent(epoch)) {
            result.complete(new JoinOutcome.Abandoned());
            return true;
        }
        return false;
    }

    private void sendJoin() {
        if (abandoned()) {
            return;
        }
        GroupConfig c = ctx.config();
        String memberId = ctx.membership().generation().memberId();
        VersionedRequest<JoinGroupResponse> request = new VersionedRequest<>(ApiKey.JOIN_GROUP,
                v -> new JoinGroupRequest(group, (int) c.sessionTimeout().toMillis(),
                        (int) c.rebalanceTimeout().toMillis(), memberId, c.groupInstanceId(),
                        ConsumerProtocol.PROTOCOL_TYPE, protocols, v >= 8 ? reason : null));
        log.debug("group {}: sending JoinGroup as '{}' ({})", group, memberId, reason);
        ctx.locator().send(request, c.rebalanceTimeout().plus(JOIN_GRACE))
                .whenCompleteAsync(this::onJoin, ctx.executor());
    }

    private void retryJoin(String why, boolean backoff) {
        log.debug("group {}: {}; joining again{}", group, why, backoff ? " after retry.backoff.ms" : "");
        if (!backoff) {
            sendJoin();
            return;
        }
        try {
            ctx.executor().schedule(this::sendJoin, ctx.config().retryBackoff().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            result.complete(new JoinOutcome.Abandoned());
        }
    }

    private void onJoin(JoinGroupResponse response, Throwable err) {
        if (abandoned()) {
            return;
        }
        if (err != null) {
            Throwable cause = CoordinatorLocator.unwrap(err);
            if (isFatal(cause)) {
                fail((RuntimeException) cause);
            } else {
                retryJoin("JoinGroup failed: " + CoordinatorLocator.messageOf(cause), true);
            }
            return;
        }
        Errors error = Errors.forCode(response.errorCode());
        switch (error) {
            case NONE -> onJoined(response);
            case MEMBER_ID_REQUIRED -> {
                // KIP-394: the coordinator answers a first join with our id; joining again with it registers us.
                if (ctx.membership().assignMemberId(epoch, response.memberId())) {
                    retryJoin("the coordinator assigned member id " + response.memberId(), false);
                } else {
                    result.complete(new JoinOutcome.Abandoned());
                }
            }
            case UNKNOWN_MEMBER_ID -> lost(false, "JoinGroup answered UNKNOWN_MEMBER_ID");
            case ILLEGAL_GENERATION -> lost(true, "JoinGroup answered ILLEGAL_GENERATION");
            case REBALANCE_IN_PROGRESS -> retryJoin("JoinGroup answered REBALANCE_IN_PROGRESS", false);
            case COORDINATOR_LOAD_IN_PROGRESS -> retryJoin("the coordinator is loading the group", true);
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                ctx.locator().markUnknown(null, error.name() + " on JoinGroup");
                retryJoin("JoinGroup answered " + error.name(), true);
            }
            default -> {
                if (error.retriable) {
                    retryJoin("JoinGroup answered " + error.name(), true);
                } else {
                    fail(error.exception(joinContext(error)));
                }
            }
        }
    }

    private String joinContext(Errors error) {
        return switch (error) {
            case FENCED_INSTANCE_ID -> "joining group " + group + ": another consumer uses group.instance.id "
                    + ctx.config().groupInstanceId();
            case INCONSISTENT_GROUP_PROTOCOL -> "joining group " + group + ": its members use other assignors "
                    + "(partition.assignment.strategy) or are not consumers; offered "
                    + protocols.stream().map(JoinGroupRequest.Protocol::name).toList();
            case INVALID_SESSION_TIMEOUT -> "joining group " + group + ": session.timeout.ms "
                    + ctx.config().sessionTimeout().toMillis() + " is outside the broker's group.min/max.session"
                    + ".timeout.ms";
            case GROUP_MAX_SIZE_REACHED -> "joining group " + group + ": it has reached the broker's group.max.size";
            default -> "joining group " + group;
        };
    }

    private void onJoined(JoinGroupResponse response) {
        Generation generation = new Generation(response.generationId(), response.memberId(), response.protocolName());
        if (!ctx.membership().joined(epoch, generation)) {
            result.complete(new JoinOutcome.Abandoned());
            return;
        }
        boolean leader = response.memberId().equals(response.leader());
        log.info("group {}: joined generation {} as {}{} with assignor {}", group, generation.generationId(),
                response.memberId(), leader ? " (leader)" : "", response.protocolName());
        if (leader && !response.skipAssignment()) {
            LeaderAssignment.run(ctx, response).whenCompleteAsync((r, err) -> {
                if (abandoned()) {
                    return;
                }
                if (err != null) {
                    Throwable cause = CoordinatorLocator.unwrap(err);
                    log.warn("group {}: assignment as leader failed: {}", group, cause.toString());
                    ctx.membership().requestRejoin("the leader's assignment failed");
                    result.complete(new JoinOutcome.Failed(cause instanceof RuntimeException re ? re
                            : new KurierException("assignment failed", cause), false));
                    return;
                }
                sendSync(generation, r.assignments(), r.topicCounts());
            }, ctx.executor());
        } else {
            // A static leader rejoining without changes is told to skip the assignment (KIP-814).
            sendSync(generation, List.of(), null);
        }
    }

    private void sendSync(Generation generation, List<SyncGroupRequest.Assignment> assignments,
                          Map<String, Integer> topicCounts) {
        if (abandoned()) {
            return;
        }
        GroupConfig c = ctx.config();
        VersionedRequest<SyncGroupResponse> request = new VersionedRequest<>(ApiKey.SYNC_GROUP,
                v -> new SyncGroupRequest(group, generation.generationId(), generation.memberId(),
                        c.groupInstanceId(), v >= 5 ? ConsumerProtocol.PROTOCOL_TYPE : null,
                        v >= 5 ? generation.protocolName() : null, assignments));
        ctx.locator().send(request, c.rebalanceTimeout().plus(JOIN_GRACE))
                .whenCompleteAsync((r, err) -> onSync(generation, topicCounts, r, err), ctx.executor());
    }

    private void onSync(Generation generation, Map<String, Integer> topicCounts, SyncGroupResponse response,
                        Throwable err) {
        if (abandoned()) {
            return;
        }
        if (err != null) {
            Throwable cause = CoordinatorLocator.unwrap(err);
            if (isFatal(cause)) {
                fail((RuntimeException) cause);
                return;
            }
            ctx.membership().backToJoin(epoch);
            retryJoin("SyncGroup failed: " + CoordinatorLocator.messageOf(cause), true);
            return;
        }
        Errors error = Errors.forCode(response.errorCode());
        switch (error) {
            case NONE -> onSynced(generation, topicCounts, response);
            case REBALANCE_IN_PROGRESS -> {
                ctx.membership().backToJoin(epoch);
                retryJoin("SyncGroup answered REBALANCE_IN_PROGRESS", false);
            }
            case UNKNOWN_MEMBER_ID -> lost(false, "SyncGroup answered UNKNOWN_MEMBER_ID");
            case ILLEGAL_GENERATION -> lost(true, "SyncGroup answered ILLEGAL_GENERATION");
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                ctx.locator().markUnknown(null, error.name() + " on SyncGroup");
                ctx.membership().backToJoin(epoch);
                retryJoin("SyncGroup answered " + error.name(), true);
            }
            default -> {
                if (error.retriable) {
                    ctx.membership().backToJoin(epoch);
                    retryJoin("SyncGroup answered " + error.name(), true);
                } else {
                    fail(error.exception(joinContext(error).replace("joining", "syncing")));
                }
            }
        }
    }

    private void onSynced(Generation generation, Map<String, Integer> topicCounts, SyncGroupResponse response) {
        if (response.protocolType() != null && !ConsumerProtocol.PROTOCOL_TYPE.equals(response.protocolType())
                || response.protocolName() != null && !response.protocolName().equals(generation.protocolName())) {
            fail(Errors.INCONSISTENT_GROUP_PROTOCOL.exception("SyncGroup of group " + group + " answered protocol "
                    + response.protocolType() + "/" + response.protocolName() + " but JoinGroup chose consumer/"
                    + generation.protocolName()));
            return;
        }
        Assignment assignment;
        try {
            assignment = ProtocolMapping.assignment(response.assignment());
        } catch (RuntimeException e) {
            ctx.membership().requestRejoin("unreadable assignment");
            result.complete(new JoinOutcome.Failed(new KurierException("group " + group + ": the leader sent an "
                    + "assignment that cannot be read: " + e.getMessage(), e), false));
            return;
        }
        if (!ctx.membership().synced(epoch)) {
            result.complete(new JoinOutcome.Abandoned());
            return;
        }
        heartbeater.resetTimers();
        log.info("group {}: generation {} assigned {} partition(s) to this member", group,
                generation.generationId(), assignment.partitions().size());
        result.complete(new JoinOutcome.Joined(generation, assignment, topicCounts));
    }

    private void lost(boolean keepMemberId, String why) {
        result.complete(ctx.membership().resetInRound(epoch, keepMemberId, why) ? new JoinOutcome.Lost(why)
                : new JoinOutcome.Abandoned());
    }

    private void fail(RuntimeException error) {
        log.error("group {}: {}", group, error.getMessage());
        ctx.membership().fail(error);
        result.complete(new JoinOutcome.Failed(error, true));
    }

    /** Errors no retry can fix: the broker refused for good (authorization, unsupported API, config). */
    private static boolean isFatal(Throwable cause) {
        if (cause instanceof KafkaErrorException ke) {
            return !ke.isRetriable();
        }
        return cause instanceof dev.kurier.client.network.UnsupportedApiException;
    }
}
