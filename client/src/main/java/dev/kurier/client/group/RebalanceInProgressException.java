package dev.kurier.client.group;

/**
 * An offset commit refused because the group is rebalancing (REBALANCE_IN_PROGRESS, or this member is between
 * JoinGroup and SyncGroup). Not fatal: finish the rebalance by calling {@code poll}, then commit again (for
 * partitions still assigned).
 */
public class RebalanceInProgressException extends CommitFailedException {

    private static final long serialVersionUID = 1L;

    /** A refused commit described by {@code message}. */
    public RebalanceInProgressException(String message) {
        super(message);
    }
}
