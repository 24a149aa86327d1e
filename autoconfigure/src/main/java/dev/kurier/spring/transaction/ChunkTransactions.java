package dev.kurier.spring.transaction;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.group.GroupMetadata;
import java.util.Map;

/**
 * Where a transactional listener container gets the Kafka transaction of each poll chunk (see
 * {@link dev.kurier.spring.listener.ListenerContainer#setTransactions}). The starter's implementation runs them on the producers of the
 * transactional {@code KurierTemplate} ({@code kurier.producer.transaction-id-prefix}), so that whatever the listener
 * sends through the template, the dead letters of its error handler and the chunk's offsets commit together or not at
 * all. Kept free of Spring transaction types, so the listener package, which uses it, loads without spring-tx.
 */
public interface ChunkTransactions {

    /** Begins a transaction on a producer of its own; throws when none can be had (the chunk is read again). */
    Transaction begin();

    /** One chunk's transaction; every method but {@link #bind} is called on the container's poll thread. */
    interface Transaction {

        /**
         * Makes this transaction the current one of the calling thread (a worker about to call the listener) until the
         * returned binding closes: template sends and {@code @Transactional} methods with the Kurier transaction
         * manager join it.
         */
        Binding bind();

        /** Whether code inside (a nested {@code @Transactional} that failed) marked it for rollback. */
        boolean rollbackOnly();

        /**
         * Sends {@code offsets} (the next offset per partition) to the transaction when {@code group} is not null,
         * then commits. Throws when either fails; the transaction is then aborted (or its producer retired).
         */
        void commit(Map<TopicPartition, Long> offsets, GroupMetadata group);

        /** Aborts: nothing sent in it becomes visible to read_committed readers. Never throws. */
        void abort();
    }

    /** A transaction bound to a thread; closing unbinds it. */
    interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
