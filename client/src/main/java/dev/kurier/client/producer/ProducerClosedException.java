package dev.kurier.client.producer;

import dev.kurier.client.errors.KurierException;

/** The producer was closed before a record could be delivered. */
public class ProducerClosedException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** A record that was still pending for {@code what} when the producer closed. */
    public ProducerClosedException(String what) {
        super("producer closed before the record for " + what + " was acknowledged");
    }
}
