package dev.kurier.spring.transaction;

import dev.kurier.client.producer.Producer;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The producer of the Kurier transaction bound to the current thread, if any. Kept apart from the template so that
 * the template loads without spring-tx when it is not transactional.
 */
public final class TransactionBinding {

    private TransactionBinding() {
    }

    /** The producer of {@code producers}' transaction on this thread, or null outside one. */
    @SuppressWarnings("unchecked")
    public static <K, V> Producer<K, V> current(TransactionalProducers<K, V> producers) {
        Object holder = TransactionSynchronizationManager.getResource(producers);
        return holder instanceof ProducerHolder h ? (Producer<K, V>) h.producer : null;
    }
}
