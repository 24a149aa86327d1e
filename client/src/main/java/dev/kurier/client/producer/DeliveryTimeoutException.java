package dev.kurier.client.producer;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;

/** A record was not acknowledged within {@code delivery.timeout.ms}. */
public class DeliveryTimeoutException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** A record for {@code partition} expired after {@code elapsedMs}; {@code lastError} says why, if known. */
    public DeliveryTimeoutException(TopicPartition partition, long elapsedMs, long limitMs, Throwable lastError) {
        super("record for " + partition + " not acknowledged after " + elapsedMs + " ms (delivery.timeout.ms = "
                + limitMs + ")" + (lastError == null ? "" : "; last error: " + lastError.getMessage()), lastError);
    }
}
