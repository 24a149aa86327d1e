package dev.kurier.spring.transaction;

import dev.kurier.client.producer.Producer;
import org.springframework.transaction.support.ResourceHolderSupport;

/** The producer of the current Kurier transaction, bound to the thread by {@link KurierTransactionManager}. */
final class ProducerHolder extends ResourceHolderSupport {

    final Producer<?, ?> producer;
    Throwable failure;

    ProducerHolder(Producer<?, ?> producer) {
        this.producer = producer;
    }
}
