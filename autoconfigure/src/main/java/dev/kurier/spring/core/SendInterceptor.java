package dev.kurier.spring.core;

import dev.kurier.client.producer.ProducerRecord;
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
}
