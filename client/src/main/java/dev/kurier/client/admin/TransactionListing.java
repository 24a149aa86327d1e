package dev.kurier.client.admin;

/**
 * A transactional id as a transaction coordinator lists it.
 *
 * @param transactionalId the transactional id
 * @param producerId its producer id
 * @param state Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort, Dead, PrepareEpochFence
 */
public record TransactionListing(String transactionalId, long producerId, String state) {
}
