package dev.kurier.spring.core;

import dev.kurier.client.producer.ProducerRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Wraps every {@link KurierTemplate} send, e.g. to observe it and add trace headers to the record
 * ({@code dev.kurier.spring.observation}). An interceptor calls {@code send} exactly once, with the record as given
 * or a copy (other headers), and returns that future or one that completes with it.
 */
@FunctionalInterface
public interface SendInterceptor {

    /** Sends {@code record} through {@code send}, doing whatever this interceptor does around it. */
    <K, V> CompletableFuture<SendResult<K, V>> intercept(ProducerRecord<K, V> record,
            Function<ProducerRecord<K, V>, CompletableFuture<SendResult<K, V>>> send);

    /**
     * One interceptor running {@code interceptors} in order, the first outermost; {@code null} for none, the one
     * itself for one.
     */
    static SendInterceptor chain(List<? extends SendInterceptor> interceptors) {
        if (interceptors == null || interceptors.isEmpty()) {
            return null;
        }
        if (interceptors.size() == 1) {
            return interceptors.get(0);
        }
        SendInterceptor outer = interceptors.get(0);
        SendInterceptor inner = chain(interceptors.subList(1, interceptors.size()));
        return new SendInterceptor() {
            @Override
            public <K, V> CompletableFuture<SendResult<K, V>> intercept(ProducerRecord<K, V> record,
                    Function<ProducerRecord<K, V>, CompletableFuture<SendResult<K, V>>> send) {
                return outer.intercept(record, r -> inner.intercept(r, send));
            }
        };
    }
}
