package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;

/**
 * Leaves records out before the listener sees them (Spring Kafka's {@code RecordFilterStrategy}): declare one as a
 * bean and name it in {@code @KurierListener(filter = "beanName")}. A record left out counts as processed: it is
 * acknowledged and committed like one the listener handled. Called on the worker thread, once per record.
 */
@FunctionalInterface
public interface RecordFilter {

    /** Whether to leave {@code record} (as it came from the broker) out: {@code true} discards it. */
    boolean filter(ConsumerRecord<byte[], byte[]> record);
}
