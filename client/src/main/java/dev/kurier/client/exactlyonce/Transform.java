package dev.kurier.client.exactlyonce;

import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.producer.ProducerRecord;

/**
 * Turns one consumed record into the records to write for it (none, one or many). Runs on the processor's thread,
 * inside the transaction of the record's poll; whatever it throws aborts that transaction.
 *
 * @param <KI> input key type
 * @param <VI> input value type
 * @param <KO> output key type
 * @param <VO> output value type
 */
@FunctionalInterface
public interface Transform<KI, VI, KO, VO> {

    /** The records to write for {@code record}. */
    Iterable<ProducerRecord<KO, VO>> apply(ConsumerRecord<KI, VI> record) throws Exception;
}
