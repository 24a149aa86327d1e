package dev.kurier.spring.observation;

import dev.kurier.client.common.Header;
import dev.kurier.client.consumer.ConsumerRecord;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * The observation context of one listener call over one record. Its carrier is the record: a propagating handler
 * (a tracer) reads the trace context from its headers (the last one of a name wins) and continues the trace.
 */
public final class KurierReceiveContext extends ReceiverContext<ConsumerRecord<byte[], byte[]>> {

    private final String listenerId;

    /** A context for listener {@code listenerId} processing {@code record}. */
    public KurierReceiveContext(String listenerId, ConsumerRecord<byte[], byte[]> record) {
        super((carrier, key) -> {
            Header h = carrier.lastHeader(key);
            return h == null || h.value() == null ? null : h.valueAsString();
        });
        this.listenerId = listenerId;
        setCarrier(record);
        setRemoteServiceName("Apache Kafka");
    }

    /** The listener container id. */
    public String listenerId() {
        return listenerId;
    }

    /** The record processed. */
    public ConsumerRecord<byte[], byte[]> record() {
        return getCarrier();
    }
}
