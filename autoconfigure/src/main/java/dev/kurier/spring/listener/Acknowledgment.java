package dev.kurier.spring.listener;

import java.time.Duration;

/**
 * Marks the records a listener call received as processed; with ack mode MANUAL nothing counts as processed
 * until this is called. Safe to call from any thread, and more than once (later calls do nothing). Share-group
 * listeners can also {@link #release()}, {@link #reject()} or {@link #renew()} their records.
 */
@FunctionalInterface
public interface Acknowledgment {

    /** The records of this call are processed: offsets may advance past them. */
    void acknowledge();

    /**
     * Batch listeners: the records of this call up to and including {@code index} (of the list the listener was
     * given) are processed. A record listener's only index is 0.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not one of the call's records
     */
    default void acknowledge(int index) {
        if (index != 0) {
            throw new IndexOutOfBoundsException("index " + index + " of a single record");
        }
        acknowledge();
    }

    /**
     * The record of this call is not processed: the container calls the listener with it again after
     * {@code sleep}, and later records of its partition wait (Spring Kafka's {@code nack}). Not a failure: the error
     * handler is not involved and no attempt is counted. Call it during the listener call, before returning.
     *
     * @throws UnsupportedOperationException where the container cannot deliver the record again
     */
    default void nack(Duration sleep) {
        throw new UnsupportedOperationException("nack is not supported by this acknowledgment");
    }

    /**
     * Batch listeners: the records before {@code index} are processed; the ones from {@code index} on are delivered
     * again, as a batch, after {@code sleep}. A record listener's only index is 0.
     */
    default void nack(int index, Duration sleep) {
        if (index != 0) {
            throw new IndexOutOfBoundsException("index " + index + " of a single record");
        }
        nack(sleep);
    }

    /**
     * Share-group listeners: the records of this call not acknowledged yet are handed back to the share group and
     * delivered again (to this or another consumer), their delivery count up.
     *
     * @throws UnsupportedOperationException for listeners that are not in a share group
     */
    default void release() {
        throw new UnsupportedOperationException("release is for share-group listeners (@KurierListener(shareGroup=...))");
    }

    /**
     * Share-group listeners: the records of this call not acknowledged yet cannot be processed; the share group
     * archives them and never delivers them again.
     *
     * @throws UnsupportedOperationException for listeners that are not in a share group
     */
    default void reject() {
        throw new UnsupportedOperationException("reject is for share-group listeners (@KurierListener(shareGroup=...))");
    }

    /**
     * Share-group listeners: the records of this call not acknowledged yet are still being processed; their
     * acquisition locks start over (KIP-1222, Kafka 4.2 or newer), so the share group does not give them to another
     * consumer meanwhile. The container renews the records of a long call by itself
     * ({@code kurier.listener.share.renew-locks}); this is for work that outlives the call (MANUAL mode).
     *
     * @throws UnsupportedOperationException for listeners that are not in a share group
     */
    default void renew() {
        throw new UnsupportedOperationException("renew is for share-group listeners (@KurierListener(shareGroup=...))");
    }
}
