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
}
