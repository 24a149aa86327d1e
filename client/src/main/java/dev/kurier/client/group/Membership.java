package dev.kurier.client.group;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's place in the group, shared by the polling thread, the join round and the heartbeat: the
 * generation, the {@link MemberState}, whether a rejoin is due, and a fatal error once one happened.
 *
 * <p>Every join round carries an epoch; starting a new round, leaving or closing advances it, so the answers of
 * an abandoned round can no longer change the state.
 */
final class Membership {

    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    private final String groupId;
    private Generation generation = Generation.NONE;
    private MemberState state = MemberState.UNJOINED;
    private boolean rejoinNeeded;
    private String rejoinReason = "";
    private int epoch;
    private volatile RuntimeException fatal;

    Membership(String groupId) {
        this.groupId = groupId;
    }

    synchronized Generation generation() {
        return generation;
    }

    synchronized MemberState state() {
        return state;
    }

    /** The generation if this member is stable in the group, else {@code null}. */
    synchronized Generation generationIfStable() {
        return state == MemberState.STABLE ? generation : null;
    }

    /** Whether a join round is in progress. */
    synchronized boolean rebalancing() {
        return state == MemberState.PREPARING_REBALANCE || state == MemberState.COMPLETING_REBALANCE;
    }

    /** Whether the member must (re)join: never joined, dropped out, or asked to. */
    synchronized boolean needsRejoin() {
        return rejoinNeeded || state == MemberState.UNJOINED;
    }

    synchronized String rejoinReason() {
        return rejoinReason;
    }

    /** Asks for a rejoin at the next poll (the group is rebalancing, the subscription changed, ...). */
    synchronized void requestRejoin(String reason) {
        if (!rejoinNeeded) {
            log.debug("group {}: rejoin requested: {}", groupId, reason);
        }
        rejoinNeeded = true;
        rejoinReason = reason;
    }

    /** Starts a join round: returns its epoch. */
    synchronized int beginJoin() {
        state = MemberState.PREPARING_REBALANCE;
        rejoinNeeded = false;
        return ++epoch;
    }

    /** Whether {@code roundEpoch} is still the current round. */
    synchronized boolean isCurrent(int roundEpoch) {
        return roundEpoch == epoch;
    }

    /** The coordinator gave us a member id to join with (MEMBER_ID_REQUIRED). */
    synchronized boolean assignMemberId(int roundEpoch, String memberId) {
        if (roundEpoch != epoch) {
            return false;
        }
        generation = new Generation(-1, memberId, null);
        return true;
    }

    /** JoinGroup succeeded: the member waits for its assignment. */
    synchronized boolean joined(int roundEpoch, Generation g) {
        if (roundEpoch != epoch) {
            return false;
        }
        generation = g;
        state = MemberState.COMPLETING_REBALANCE;
        return true;
    }

    /** SyncGroup failed in a way that needs a new JoinGroup within the same round. */
    synchronized boolean backToJoin(int roundEpoch) {
        if (roundEpoch != epoch) {
            return false;
        }
        state = MemberState.PREPARING_REBALANCE;
        return true;
    }

    /** SyncGroup succeeded: the member is stable. */
    synchronized boolean synced(int roundEpoch) {
        if (roundEpoch != epoch) {
            return false;
        }
        state = MemberState.STABLE;
        return true;
    }

    /**
     * The coordinator no longer knows this membership: forget the generation (and the member id unless
     * {@code keepMemberId}) and rejoin. Returns false (and changes nothing) if the generation is no longer
     * {@code expected}, i.e. the answer is about an older membership.
     */
    synchronized boolean reset(Generation expected, boolean keepMemberId, String reason) {
        if (expected != null && !expected.equals(generation)) {
            return false;
        }
        log.info("group {}: resetting generation {} and {} member id {}: {}", groupId, generation.generationId(),
                keepMemberId ? "keeping" : "dropping", generation.memberId(), reason);
        generation = keepMemberId ? generation.withoutGeneration() : Generation.NONE;
        state = MemberState.UNJOINED;
        rejoinNeeded = true;
        rejoinReason = reason;
        return true;
    }

    /**
     * Like {@link #reset}, for the answer of join round {@code roundEpoch}: changes nothing (and returns false)
     * once a newer round, a leave or a close has replaced that round.
     */
    synchronized boolean resetInRound(int roundEpoch, boolean keepMemberId, String reason) {
        return roundEpoch == epoch && reset(null, keepMemberId, reason);
    }

    /** The member left (unsubscribe, close): no membership, no rejoin, pending rounds abandoned. */
    synchronized Generation leave() {
        Generation was = generation;
        generation = Generation.NONE;
        state = MemberState.UNJOINED;
        rejoinNeeded = false;
        epoch++;
        return was;
    }

    /** Records an error that ends this member's use of the group (FENCED_INSTANCE_ID, authorization, ...). */
    void fail(RuntimeException error) {
        synchronized (this) {
            state = MemberState.UNJOINED;
            epoch++;
        }
        fatal = error;
    }

    RuntimeException fatal() {
        return fatal;
    }
}
