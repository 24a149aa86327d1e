package dev.kurier.spring.transaction;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.group.GroupMetadata;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.TransactionAbortableException;
import dev.kurier.client.producer.TransactionFatalException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactions of transactional listener containers, on the producers of the template's pool: each chunk's
 * producer is bound to the worker threads as the {@link KurierTransactionManager} binds it, so the template, the
 * dead-letter recoverer and {@code @Transactional} methods (which join) all send in the chunk's transaction.
 * Zombies are fenced by the consumer group's generation sent with the offsets (KIP-447), so one pool serves every
 * container and partition.
 */
public final class KurierChunkTransactions implements ChunkTransactions {

    private static final Logger log = LoggerFactory.getLogger(KurierChunkTransactions.class);

    private final TransactionalProducers<?, ?> producers;

    /** Chunk transactions on the producers of {@code producers}. */
    public KurierChunkTransactions(TransactionalProducers<?, ?> producers) {
        this.producers = producers;
    }

    @Override
    public Transaction begin() {
        Producer<?, ?> p = producers.acquire();
        try {
            p.beginTransaction();
        } catch (RuntimeException e) {
            release(p, e);
            throw e;
        }
        return new Chunk(p);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void release(Producer<?, ?> p, Throwable failure) {
        ((TransactionalProducers) producers).release(p, failure);
    }

    private final class Chunk implements Transaction {
        private final ProducerHolder holder;
        private boolean ended;

        Chunk(Producer<?, ?> producer) {
            this.holder = new ProducerHolder(producer);
            holder.setSynchronizedWithTransaction(true);
        }

        @Override
        public Binding bind() {
            Object before = TransactionSynchronizationManager.getResource(producers);
            if (before == holder) {
                return () -> { };
            }
            if (before != null) {
                TransactionSynchronizationManager.unbindResource(producers);
            }
            TransactionSynchronizationManager.bindResource(producers, holder);
            return () -> {
                TransactionSynchronizationManager.unbindResourceIfPossible(producers);
                if (before != null) {
                    TransactionSynchronizationManager.bindResource(producers, before);
                }
            };
        }

        @Override
        public boolean rollbackOnly() {
            return holder.isRollbackOnly();
        }

        @Override
        public void commit(Map<TopicPartition, Long> offsets, GroupMetadata group) {
            Producer<?, ?> p = holder.producer;
            try {
                if (group != null && !offsets.isEmpty()) {
                    Map<TopicPartition, OffsetAndMetadata> commit = new java.util.HashMap<>();
                    offsets.forEach((tp, next) -> commit.put(tp, OffsetAndMetadata.of(next)));
                    p.sendOffsetsToTransaction(commit, group);
                }
                p.commitTransaction();
            } catch (RuntimeException e) {
                holder.failure = e;
                abort();
                throw e;
            }
            ended = true;
            release(p, null);
        }

        @Override
        public void abort() {
            if (ended) {
                return;
            }
            ended = true;
            Producer<?, ?> p = holder.producer;
            Throwable failure = holder.failure;
            if (!(failure instanceof TransactionFatalException)) {
                try {
                    p.abortTransaction();
                    failure = failure instanceof TransactionAbortableException ? null : failure;
                } catch (RuntimeException e) {
                    log.debug("aborting a listener transaction failed: {}", e.toString());
                    failure = e;
                }
            }
            release(p, failure);
        }
    }
}
