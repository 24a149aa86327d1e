package dev.kurier.client.group;

import dev.kurier.client.cluster.CoordinatorLocator;

import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.HeartbeatRequest;
import dev.kurier.client.protocol.message.HeartbeatResponse;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a stable member alive: a Heartbeat every {@code heartbeat.interval.ms}, and the two timers of the
 * classic protocol.
 *
 * <ul>
 *   <li>Poll timer: if the application has not polled for {@code max.poll.interval.ms}, the member leaves the
 *       group proactively (LeaveGroup for a dynamic member) so its partitions move to members that make
 *       progress; its next poll rejoins, its old partitions counted as lost.</li>
 *   <li>Session timer: if no heartbeat succeeded for {@code session.timeout.ms}, the coordinator is looked up
 *       again.</li>
 * </ul>
 *
 * Heartbeat answers: REBALANCE_IN_PROGRESS asks for a rejoin (the member keeps heartbeating until it rejoins);
 * UNKNOWN_MEMBER_ID and ILLEGAL_GENERATION reset the membership; FENCED_INSTANCE_ID is fatal; coordinator
 * errors lead to rediscovery. A tick runs every {@code min(heartbeat.interval.ms, 100 ms)} on the group thread;
 * all fields are confined to that thread.
 */
final class Heartbeater {

    private static final Logger log = LoggerFactory.getLogger(Heartbeater.class);
    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final GroupContext ctx;
    private final LongSupplier lastPollNanos;
    private final long intervalNanos;
    private final long sessionNanos;
    private final long pollIntervalNanos;
    private final long backoffNanos;

    private volatile ScheduledFuture<?> task;
    private boolean inFlight;
    private long nextSendNanos;
    private long lastSuccessNanos;
    private boolean paused;

    Heartbeater(GroupContext ctx, LongSupplier lastPollNanos) {
        this.ctx = ctx;
        this.lastPollNanos = lastPollNanos;
        GroupConfig c = ctx.config();
        this.intervalNanos = c.heartbeatInterval().toNanos();
        this.sessionNanos = c.sessionTimeout().toNanos();
        this.pollIntervalNanos = c.rebalanceTimeout().toNanos();
        this.backoffNanos = Math.max(1, c.retryBackoff().toNanos());
    }

    /** Starts ticking (idempotent). Call on any thread. */
    void start() {
        ctx.executor().execute(() -> {
            if (task == null) {
                long tick = Math.min(intervalNanos, MAX_TICK_NANOS);
                task = ctx.executor().scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.NANOSECONDS);
            }
        });
    }

    /** A new generation is stable: the next heartbeat is one interval away, the session starts now. Group thread. */
    void resetTimers() {
        long now = System.nanoTime();
        lastSuccessNanos = now;
        nextSendNanos = now + intervalNanos;
    }

    /** Stops sending heartbeats, as if the process had died (for tests of session expiry). Group thread. */
    void pause() {
        paused = true;
    }

    private void tick() {
        try {
            if (paused || ctx.membership().state() != MemberState.STABLE) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastPollNanos.getAsLong() > pollIntervalNanos) {
                onPollTimeout();
                return;
            }
            if (inFlight || now < nextSendNanos) {
                return;
            }
            if (now - lastSuccessNanos > sessionNanos) {
                ctx.locator().markUnknown(null, "no successful heartbeat within session.timeout.ms");
                lastSuccessNanos = now; // once per session, not every tick
            }
            send(now);
        } catch (RuntimeException e) {
            log.warn("group {}: heartbeat tick failed", ctx.config().groupId(), e);
        }
    }

    private void onPollTimeout() {
        GroupConfig c = ctx.config();
        Generation g = ctx.membership().generation();
        log.warn("group {}: consumer poll timeout has expired: the time between poll() calls exceeded "
                + "max.poll.interval.ms ({} ms), which usually means processing of polled records takes too long. "
                + "{} Raise max.poll.interval.ms or lower max.poll.records.", c.groupId(), c.rebalanceTimeout().toMillis(),
                c.isStatic() ? "This static member gives up its membership and rejoins at its next poll."
                        : "The member leaves the group now and rejoins at its next poll.");
        if (ctx.membership().reset(g, false, "poll timeout expired")) {
            GroupLeave.send(ctx, g, "consumer poll timeout has expired");
        }
    }

    private void send(long now) {
        GroupConfig c = ctx.config();
        Generation g = ctx.membership().generation();
        inFlight = true;
        nextSendNanos = now + intervalNanos;
        ctx.locator().send(new HeartbeatRequest(c.groupId(), g.generationId(), g.memberId(), c.groupInstanceId()),
                        c.requestTimeout())
                .whenCompleteAsync((response, err) -> onResponse(g, response, err), ctx.executor());
    }

    private void onResponse(Generation sent, HeartbeatResponse response, Throwable err) {
        inFlight = false;
        String group = ctx.config().groupId();
        long now = System.nanoTime();
        if (err != null) {
            log.debug("group {}: heartbeat failed: {}", group, CoordinatorLocator.messageOf(err));
            nextSendNanos = now + backoffNanos;
            return;
        }
        Errors error = Errors.forCode(response.errorCode());
        switch (error) {
            case NONE -> lastSuccessNanos = now;
            case REBALANCE_IN_PROGRESS -> {
                lastSuccessNanos = now;
                if (sent.equals(ctx.membership().generation())) {
                    ctx.membership().requestRejoin("the group is rebalancing (heartbeat answered REBALANCE_IN_PROGRESS)");
                }
            }
            case UNKNOWN_MEMBER_ID -> ctx.membership().reset(sent, false, "heartbeat answered UNKNOWN_MEMBER_ID");
            case ILLEGAL_GENERATION -> ctx.membership().reset(sent, true, "heartbeat answered ILLEGAL_GENERATION");
            case FENCED_INSTANCE_ID -> {
                if (sent.equals(ctx.membership().generation())) {
                    log.error("group {}: another consumer joined with group.instance.id {}: this one is fenced",
                            group, ctx.config().groupInstanceId());
                    ctx.membership().fail(error.exception("group " + group + ": another consumer joined with "
                            + "group.instance.id " + ctx.config().groupInstanceId()));
                }
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                ctx.locator().markUnknown(null, error.name() + " on Heartbeat");
                nextSendNanos = now + backoffNanos;
            }
            case GROUP_AUTHORIZATION_FAILED -> ctx.membership().fail(error.exception("heartbeat of group " + group));
            default -> {
                log.debug("group {}: heartbeat answered {}", group, error);
                nextSendNanos = now + backoffNanos;
            }
        }
    }

    /** Stops ticking. Group thread or any thread. */
    void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
