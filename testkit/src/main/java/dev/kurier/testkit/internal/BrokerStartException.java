package dev.kurier.testkit.internal;

import dev.kurier.testkit.KafkaTestkitException;

/** A broker node did not become ready; says whether a taken port was the reason (worth a retry). */
public final class BrokerStartException extends KafkaTestkitException {

    private static final long serialVersionUID = 1L;

    private final boolean bindConflict;

    /** Creates the exception; {@code bindConflict} when a listener port was already in use. */
    public BrokerStartException(String message, boolean bindConflict, Throwable cause) {
        super(message, cause);
        this.bindConflict = bindConflict;
    }

    /** Whether the node failed because one of its ports was taken. */
    public boolean bindConflict() {
        return bindConflict;
    }
}
