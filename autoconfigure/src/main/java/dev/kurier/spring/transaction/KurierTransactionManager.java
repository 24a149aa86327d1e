package dev.kurier.spring.transaction;

import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.TransactionAbortableException;
import dev.kurier.client.producer.TransactionFatalException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A Spring {@code PlatformTransactionManager} for Kurier transactions: {@code @Transactional} methods (and
 * {@code TransactionTemplate}s) run a Kafka transaction on a producer of the pool, so that everything the
 * {@link dev.kurier.spring.core.KurierTemplate} sends inside becomes visible to read_committed readers when the method
 * returns, and never when it throws. Transactions do not nest: a nested {@code REQUIRES_NEW} suspends the outer one and
 * runs on another producer.
 *
 * <p>With a JDBC (or JPA) transaction manager next to it, Spring does not make the two atomic: chain them ("best effort
 * 1PC", database first, Kafka last) so that a failed Kafka commit rolls the database back, or commit the database first
 * and accept that a Kafka commit failing after it leaves the database ahead. See the README.
 */
public class KurierTransactionManager extends AbstractPlatformTransactionManager implements ResourceTransactionManager {

    private static final long serialVersionUID = 1L;

    private final transient TransactionalProducers<?, ?> producers;

    /** A transaction manager over {@code producers}. */
    public KurierTransactionManager(TransactionalProducers<?, ?> producers) {
        this.producers = producers;
        setTransactionSynchronization(SYNCHRONIZATION_ON_ACTUAL_TRANSACTION);
        // a failed commit (a record was refused) must still abort the Kafka transaction
        setRollbackOnCommitFailure(true);
    }

    @Override
    public Object getResourceFactory() {
        return producers;
    }

    @Override
    protected Object doGetTransaction() {
        TxObject tx = new TxObject();
        tx.holder = (ProducerHolder) TransactionSynchronizationManager.getResource(producers);
        return tx;
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        return ((TxObject) transaction).holder != null;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        Producer<?, ?> p;
        try {
            p = producers.acquire();
        } catch (RuntimeException e) {
            throw new CannotCreateTransactionException("no transactional producer of '" + producers.prefix()
                    + "': " + e.getMessage(), e);
        }
        try {
            p.beginTransaction();
        } catch (RuntimeException e) {
            release(p, e);
            throw new CannotCreateTransactionException("cannot begin a Kurier transaction: " + e.getMessage(), e);
        }
        ProducerHolder holder = new ProducerHolder(p);
        holder.setSynchronizedWithTransaction(true);
        ((TxObject) transaction).holder = holder;
        TransactionSynchronizationManager.bindResource(producers, holder);
    }

    @Override
    protected Object doSuspend(Object transaction) {
        ((TxObject) transaction).holder = null;
        return TransactionSynchronizationManager.unbindResource(producers);
    }

    @Override
    protected void doResume(Object transaction, Object suspendedResources) {
        TransactionSynchronizationManager.bindResource(producers, suspendedResources);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        ProducerHolder holder = ((TxObject) status.getTransaction()).holder;
        try {
            holder.producer.commitTransaction();
        } catch (RuntimeException e) {
            holder.failure = e;
            throw new TransactionSystemException("the Kurier transaction did not commit: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        ProducerHolder holder = ((TxObject) status.getTransaction()).holder;
        if (holder.failure instanceof TransactionFatalException) {
            return; // nothing to abort on a fenced producer: the coordinator aborts its transaction
        }
        try {
            holder.producer.abortTransaction();
        } catch (RuntimeException e) {
            holder.failure = e;
            throw new TransactionSystemException("the Kurier transaction did not abort: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doSetRollbackOnly(DefaultTransactionStatus status) {
        ((TxObject) status.getTransaction()).holder.setRollbackOnly();
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        ProducerHolder holder = ((TxObject) transaction).holder;
        TransactionSynchronizationManager.unbindResourceIfPossible(producers);
        holder.clear();
        // an abortable failure was repaired by the abort; only a fatal one retires the producer
        release(holder.producer, holder.failure instanceof TransactionAbortableException ? null : holder.failure);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void release(Producer<?, ?> p, Throwable failure) {
        ((TransactionalProducers) producers).release(p, failure);
    }

    /** The transaction object: the holder of the producer. */
    private static final class TxObject {
        ProducerHolder holder;
    }
}
