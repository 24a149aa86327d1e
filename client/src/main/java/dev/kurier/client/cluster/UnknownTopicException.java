package dev.kurier.client.cluster;

import dev.kurier.client.errors.KurierException;

/** A topic is not (yet) in the cluster's metadata and did not appear within the allowed wait. */
public class UnknownTopicException extends KurierException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    /** {@code topic} is unknown, as {@code detail} explains. */
    public UnknownTopicException(String topic, String detail) {
        super("topic '" + topic + "' " + detail);
        this.topic = topic;
    }

    /** The topic. */
    public String topic() {
        return topic;
    }
}
