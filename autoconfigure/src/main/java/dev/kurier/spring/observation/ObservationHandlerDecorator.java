package dev.kurier.spring.observation;

import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.listener.Acknowledgment;
import dev.kurier.spring.listener.ListenerEndpoint;
import dev.kurier.spring.listener.RecordHandler;
import dev.kurier.spring.listener.RecordHandlerDecorator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;

/**
 * Observes every call of a record listener as {@value #NAME} (contextual name {@code "<topic> receive"},
 * low-cardinality keys {@code topic} and {@code listener}), with the record as the carrier a tracer reads the trace
 * context from. The observation is in scope during the call, so template sends inside it (a {@code @KurierSendTo}
 * reply too) continue the trace. Each attempt of a retried record is its own observation. Batch listeners are not
 * observed: one call covers records of many traces.
 */
public final class ObservationHandlerDecorator implements RecordHandlerDecorator {

    /** The observation name. */
    public static final String NAME = "kurier.listener";

    private final ObservationRegistry registry;

    /** Observes listener calls in {@code registry}. */
    public ObservationHandlerDecorator(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public RecordHandler decorate(ListenerEndpoint endpoint, RecordHandler handler) {
        if (endpoint.batch()) {
            return handler;
        }
        String id = endpoint.id();
        return new RecordHandler() {
            @Override
            public void handle(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack) throws Exception {
                if (registry.isNoop()) {
                    // No handler registered (or the NOOP registry): no context, no observation per record.
                    handler.handle(records, ack);
                    return;
                }
                ConsumerRecord<byte[], byte[]> record = records.get(0);
                KurierReceiveContext context = new KurierReceiveContext(id, record);
                Observation.createNotStarted(NAME, () -> context, registry)
                        .contextualName(record.topic() + " receive")
                        .lowCardinalityKeyValue("topic", record.topic())
                        .lowCardinalityKeyValue("listener", id)
                        .observeChecked(() -> handler.handle(records, ack));
            }

            @Override
            public boolean acknowledges() {
                return handler.acknowledges();
            }
        };
    }
}
