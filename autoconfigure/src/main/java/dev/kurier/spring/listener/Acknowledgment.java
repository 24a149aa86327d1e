package dev.kurier.spring.listener;

/**
 * Marks the records a listener call received as processed; with ack mode MANUAL nothing counts as processed
 * until this is called. Safe to call from any thread, and more than once (later calls do nothing).
 */
@FunctionalInterface
public interface Acknowledgment {

    /** The records of this call are processed: offsets may advance past them. */
    void acknowledge();
}
