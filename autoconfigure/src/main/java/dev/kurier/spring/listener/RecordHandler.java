package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;
import java.util.List;

/**
 * What a {@link ListenerContainer} does with records: a {@code @KurierListener} method behind a
 * {@link ListenerMethodAdapter}, or any code given to the container factory.
 */
@FunctionalInterface
public interface RecordHandler {

    /**
     * Processes {@code records}: one record for a record listener, a batch for a batch listener, all of one
     * worker and in the order the ordering rule keeps. {@code ack} acknowledges exactly these records.
     */
    void handle(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack) throws Exception;

    /**
     * Whether this handler may use the {@link Acknowledgment} it is given (acknowledge, nack, release); {@code false}
     * promises it never does, so in ack mode AUTO the container acknowledges each record itself after the call and
     * can skip the per-record acknowledgement object. A decorator answers for what it wraps; {@code true} is always
     * safe.
     */
    default boolean acknowledges() {
        return true;
    }
}
