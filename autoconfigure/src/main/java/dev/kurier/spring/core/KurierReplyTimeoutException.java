package dev.kurier.spring.core;

import dev.kurier.client.errors.KurierException;
import java.time.Duration;

/** No reply to a request came within its timeout; names the request's topic, the reply topic and the wait. */
public class KurierReplyTimeoutException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** A request to {@code topic} got no reply on {@code replyTopic} within {@code timeout}. */
    public KurierReplyTimeoutException(String topic, String replyTopic, Duration timeout) {
        super("no reply on " + replyTopic + " within " + timeout.toMillis() + " ms to the request sent to " + topic);
    }
}
