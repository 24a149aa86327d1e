package dev.kurier.client.group;

import dev.kurier.client.errors.KurierException;

/**
 * An offset commit that cannot succeed by retrying: the group has rebalanced and this member's generation is
 * gone (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID), so its partitions may already belong to another member. Call
 * {@code poll} to rejoin; records processed since the last successful commit may be processed again by the
 * new owner.
 */
public class CommitFailedException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** A failed commit described by {@code message}. */
    public CommitFailedException(String message) {
        super(message);
    }

    /** A failed commit described by {@code message}, caused by {@code cause}. */
    public CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
