package dev.kurier.spring.observation;

import dev.kurier.client.common.Header;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.spring.core.SendInterceptor;
import dev.kurier.spring.core.SendResult;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Observes every template send as {@value #NAME} (contextual name {@code "<topic> send"}, low-cardinality key
 * {@code topic}), from the call until the broker's acknowledgement. Handlers run when the observation starts, so a
 * tracer's propagator has written its headers before the record is handed to the producer.
 */
public final class ObservationSendInterceptor implements SendInterceptor {

    /** The observation name. */
    public static final String NAME = "kurier.template";

    private final ObservationRegistry registry;

    /** Observes sends in {@code registry}. */
    public ObservationSendInterceptor(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <K, V> CompletableFuture<SendResult<K, V>> intercept(ProducerRecord<K, V> record,
            Function<ProducerRecord<K, V>, CompletableFuture<SendResult<K, V>>> send) {
        List<Header> headers = new ArrayList<>(record.headers());
        KurierSendContext context = new KurierSendContext(record.topic(), headers);
        Observation observation = Observation.createNotStarted(NAME, () -> context, registry)
                .contextualName(record.topic() + " send")
                .lowCardinalityKeyValue("topic", record.topic())
                .start();
        CompletableFuture<SendResult<K, V>> sent;
        try (Observation.Scope scope = observation.openScope()) {
            ProducerRecord<K, V> traced = headers.equals(record.headers()) ? record
                    : new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
                            record.value(), List.copyOf(headers));
            sent = send.apply(traced);
        } catch (RuntimeException e) {
            observation.error(e);
            observation.stop();
            throw e;
        }
        return sent.whenComplete((result, error) -> {
            if (error != null) {
                observation.error(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
            observation.stop();
        });
    }
}
