package dev.kurier.client.producer;

import dev.kurier.client.errors.KurierException;

/** A key or value serializer threw; only that send fails. */
public class SerializationException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** The {@code part} ("key" or "value") serializer failed for {@code topic}. */
    public SerializationException(String topic, String part, Throwable cause) {
        super("could not serialize the " + part + " of a record for topic '" + topic + "': " + cause, cause);
    }
}
