package dev.kurier.client.consumer;

import dev.kurier.client.errors.KurierException;

/** Thrown by a consumer call that {@link Consumer#wakeup()} interrupted. */
public class WakeupException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** A wakeup. */
    public WakeupException() {
        super("consumer woken up");
    }
}
