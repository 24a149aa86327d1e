package dev.kurier.spring.core;

import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;

/**
 * What a {@link KurierTemplate} send produced: the record as sent and where the broker put it.
 *
 * @param record   the record that was sent
 * @param metadata its partition, offset and timestamp
 * @param <K> key type
 * @param <V> value type
 */
public record SendResult<K, V>(ProducerRecord<K, V> record, RecordMetadata metadata) {
}
