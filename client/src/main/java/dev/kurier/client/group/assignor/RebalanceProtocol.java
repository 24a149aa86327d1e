package dev.kurier.client.group.assignor;

/**
 * How a group hands partitions over during a rebalance (KIP-429), as kafka-clients names it.
 *
 * <ul>
 *   <li>{@link #EAGER}: every member gives up all its partitions before rejoining; the new assignment starts
 *       from nothing. Simple, but consumption of the whole group stops during every rebalance.</li>
 *   <li>{@link #COOPERATIVE}: members keep their partitions while rejoining and tell the leader what they own;
 *       only partitions that move are revoked, and they reach their new owner in a second, follow-up
 *       rebalance once the old owner has released them.</li>
 * </ul>
 *
 * A member uses the newest protocol that every one of its configured assignors supports, so the default
 * list {@code [range, cooperative-sticky]} rebalances eagerly, exactly as kafka-clients does.
 */
public enum RebalanceProtocol {
    /** Revoke everything, then reassign. */
    EAGER,
    /** Revoke only what moves, in two phases. */
    COOPERATIVE
}
