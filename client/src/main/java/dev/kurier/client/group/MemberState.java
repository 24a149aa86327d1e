package dev.kurier.client.group;

/** Where a member is in the classic group protocol. */
enum MemberState {
    /** Not in the group (or dropped out of it). */
    UNJOINED,
    /** JoinGroup sent, waiting for the group to form. */
    PREPARING_REBALANCE,
    /** JoinGroup answered, SyncGroup sent, waiting for the assignment. */
    COMPLETING_REBALANCE,
    /** Assignment received; heartbeating. */
    STABLE
}
