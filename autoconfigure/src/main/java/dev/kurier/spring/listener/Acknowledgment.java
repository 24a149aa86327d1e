package dev.kurier.spring.listener;

/**
 * Marks the records a listener call received as processed; with ack mode MANUAL nothing counts as processed
 * until this is called. Safe to call from any thread, and more than once (later calls do nothing).
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
}
