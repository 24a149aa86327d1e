package dev.kurier.spring.core;

import dev.kurier.client.producer.ProducerRecord;

/** A {@link KurierTemplate} send failed; carries the record and names its topic. The cause says why. */
public class KurierSendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ProducerRecord<?, ?> record;

    /** {@code record} could not be sent because of {@code cause}. */
    public KurierSendException(ProducerRecord<?, ?> record, Throwable cause) {
        super("send to topic " + record.topic() + (record.partition() == null ? "" : " partition " + record.partition())
                + " failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        this.record = record;
    }

    /** The record that failed. */
    public ProducerRecord<?, ?> record() {
        return record;
    }
}
