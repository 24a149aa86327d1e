package dev.kurier.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.spring.listener.ListenerEndpoint;
import dev.kurier.spring.listener.RecordHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ObservationHandlerDecoratorTest {

    private static final ListenerEndpoint ENDPOINT = new ListenerEndpoint("obs", List.of("t"), null, List.of(), "g", 1,
            Ordering.PARTITION, false, AckMode.AUTO, true, Map.of());
    private static final List<ConsumerRecord<byte[], byte[]>> RECORD = List.of(new ConsumerRecord<>("t", 0, 7L, 0L,
            null, null, "v".getBytes(), List.of(), 0, 1, -1));

    @Test
    void withoutObservationHandlersTheListenerIsCalledWithoutAnObservation() throws Exception {
        ObservationRegistry registry = ObservationRegistry.create(); // no handler: a no-op registry
        List<Observation> seen = new CopyOnWriteArrayList<>();
        RecordHandler decorated = new ObservationHandlerDecorator(registry).decorate(ENDPOINT,
                (records, ack) -> seen.add(registry.getCurrentObservation()));
        decorated.handle(RECORD, () -> { });
        assertThat(seen).hasSize(1).containsOnlyNulls();
    }

    @Test
    void withAHandlerEachCallIsObserved() throws Exception {
        ObservationRegistry registry = ObservationRegistry.create();
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        List<Observation> seen = new CopyOnWriteArrayList<>();
        RecordHandler decorated = new ObservationHandlerDecorator(registry).decorate(ENDPOINT,
                (records, ack) -> seen.add(registry.getCurrentObservation()));
        decorated.handle(RECORD, () -> { });
        assertThat(seen).hasSize(1).doesNotContainNull();
        assertThat(stopped).singleElement().isInstanceOf(KurierReceiveContext.class)
                .extracting(Observation.Context::getName).isEqualTo(ObservationHandlerDecorator.NAME);
    }
}
