package dev.kurier.client.producer;

import dev.kurier.client.errors.KurierException;

/** A record is larger than {@code max.request.size} (or {@code buffer.memory}); only that send fails. */
public class RecordTooLargeException extends KurierException {

    private static final long serialVersionUID = 1L;

    /** A record of {@code size} bytes for {@code topic} exceeds {@code limitName} = {@code limit}. */
    public RecordTooLargeException(String topic, int size, String limitName, long limit) {
        super("record for topic '" + topic + "' is " + size + " bytes serialized, larger than " + limitName + " = "
                + limit);
    }
}
