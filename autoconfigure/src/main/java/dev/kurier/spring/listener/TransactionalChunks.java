package dev.kurier.spring.listener;

import dev.kurier.spring.transaction.ChunkTransactions;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.internals.OffsetTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transactional container's poll chunks, each in one Kafka transaction ({@link ChunkTransactions}): the poll thread
 * {@link #begin begins} one per chunk, the workers call the listener with it bound ({@link #handle}), and once every
 * record of the chunk is settled the poll thread {@link #end ends} it: the offsets go into the transaction and it
 * commits, or it aborts and the chunk's partitions are rewound to its first offsets, to be delivered again.
 *
 * <p>A failed listener call is not retried in place, since what it sent is in the transaction: the chunk aborts and
 * comes again after the error handler's {@link KurierErrorHandler#retryDelay retry delay}; the rest of a doomed chunk
 * is not called at all. Once the error handler gives up on a record, its next delivery goes to the error handler's
 * recovery instead of the listener, inside that chunk's transaction, so a dead letter and the offsets past the
 * record commit together. A recovery that fails is tried again after a growing wait (1 s doubling to 30 s).
 */
final class TransactionalChunks {

    private static final Logger log = LoggerFactory.getLogger(TransactionalChunks.class);
    private static final Duration MAX_RECOVERY_WAIT = Duration.ofSeconds(30);

    private final ChunkTransactions transactions;
    private final String listenerId;
    private final KurierErrorHandler errorHandler;
    /** The open chunk, null between chunks. */
    private volatile Open open;
    /** Failed deliveries per record not yet committed past. */
    private final Map<RecordKey, Integer> attempts = new ConcurrentHashMap<>();
    /** Records whose next delivery goes to recovery, with the failure the error handler gave up on. */
    private final Map<RecordKey, Exception> recoverNext = new ConcurrentHashMap<>();
    /** Recoveries failed in a row (poll thread). */
    private int recoveryFailures;

    private record RecordKey(TopicPartition partition, long offset) {
        static RecordKey of(ConsumerRecord<?, ?> r) {
            return new RecordKey(r.topicPartition(), r.offset());
        }
    }

    /** One chunk: its transaction, its first offsets, and what failed in it. */
    private static final class Open {
        final ChunkTransactions.Transaction transaction;
        final Map<TopicPartition, Long> firstOffsets;
        final Map<RecordKey, Exception> failed = new ConcurrentHashMap<>();
        volatile boolean doomed;
        volatile boolean recoveryFailed;

        Open(ChunkTransactions.Transaction transaction, Map<TopicPartition, Long> firstOffsets) {
            this.transaction = transaction;
            this.firstOffsets = firstOffsets;
        }
    }

    TransactionalChunks(ChunkTransactions transactions, String listenerId, KurierErrorHandler errorHandler) {
        this.transactions = transactions;
        this.listenerId = listenerId;
        this.errorHandler = errorHandler;
    }

    /** Forgets attempts and pending recoveries (a new run). */
    void clear() {
        attempts.clear();
        recoverNext.clear();
        recoveryFailures = 0;
        open = null;
    }

    /** Whether a chunk is open. */
    boolean isOpen() {
        return open != null;
    }

    /** Poll thread: begins the transaction of {@code records} (throws when no transaction can be had). */
    void begin(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
            if (!rs.isEmpty()) {
                first.put(tp, rs.get(0).offset());
            }
        }
        open = new Open(transactions.begin(), first);
    }

    /** Workers: calls {@code handler} in the open chunk's transaction, recording a failure instead of throwing. */
    void handle(RecordHandler handler, List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack)
            throws Exception {
        Open o = open;
        if (o == null) {
            handler.handle(records, ack);
            return;
        }
        if (o.doomed) {
            return; // the chunk aborts anyway: these records are delivered again
        }
        List<ConsumerRecord<byte[], byte[]>> recover = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> rest = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            (recoverNext.containsKey(RecordKey.of(r)) ? recover : rest).add(r);
        }
        try (ChunkTransactions.Binding bound = o.transaction.bind()) {
            for (ConsumerRecord<byte[], byte[]> r : recover) {
                RecordKey key = RecordKey.of(r);
                try {
                    errorHandler.handle(listenerId, List.of(r), recoverNext.get(key), attempts.getOrDefault(key, 1));
                } catch (Exception e) {
                    o.recoveryFailed = true;
                    fail(o, List.of(r), e);
                    log.warn("listener {}: recovering {}-{}@{} failed; the transaction aborts and it is tried again:"
                            + " {}", listenerId, r.topic(), r.partition(), r.offset(), e.toString());
                    return;
                }
            }
            if (rest.isEmpty()) {
                return;
            }
            try {
                handler.handle(records.size() == rest.size() ? records : rest, ack);
            } catch (BatchFailure e) {
                Exception cause = e.getCause() instanceof Exception c ? c : e;
                fail(o, List.of(rest.get(Math.max(0, Math.min(e.index(), rest.size() - 1)))), cause);
                return;
            } catch (Exception e) {
                fail(o, rest, e instanceof java.lang.reflect.InvocationTargetException ite
                        && ite.getCause() instanceof Exception c ? c : e);
                return;
            }
            if (o.transaction.rollbackOnly()) {
                fail(o, rest, new IllegalStateException("the listener's transaction was marked rollback-only (by a "
                        + "nested @Transactional that failed)"));
            }
        }
    }

    private static void fail(Open o, List<ConsumerRecord<byte[], byte[]>> records, Exception e) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            o.failed.put(RecordKey.of(r), e);
        }
        o.doomed = true;
    }

    /**
     * Poll thread: ends the open chunk. With every record settled and nothing failed it commits with the offsets
     * {@code tracker} gives for the chunk's partitions (sent to the transaction when {@code source} reads in a group,
     * which is then told they are committed); otherwise it aborts and rewinds each of the chunk's partitions ({@code rewind} is given the first
     * offset). Returns how long to wait before polling again (the retry delay of a failed record).
     */
    Duration end(boolean settled, OffsetTracker tracker, RecordSource source,
                 java.util.function.BiConsumer<TopicPartition, Long> rewind) {
        Open o = open;
        open = null;
        if (o == null) {
            return Duration.ZERO;
        }
        Exception commitFailure = null;
        if (settled && !o.doomed) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (TopicPartition tp : o.firstOffsets.keySet()) {
                long next = tracker.resumeOffset(tp);
                if (next >= 0) {
                    offsets.put(tp, next);
                }
            }
            try {
                o.transaction.commit(offsets, source.groupMetadata());
                source.committedInTransaction(offsets);
                offsets.forEach((tp, next) -> {
                    attempts.keySet().removeIf(k -> k.partition().equals(tp) && k.offset() < next);
                    recoverNext.keySet().removeIf(k -> k.partition().equals(tp) && k.offset() < next);
                });
                recoveryFailures = 0;
                return Duration.ZERO;
            } catch (RuntimeException e) {
                commitFailure = e;
                log.warn("listener {}: the transaction of a chunk did not commit; it is read again: {}", listenerId,
                        e.toString());
            }
        } else {
            o.transaction.abort();
        }
        o.firstOffsets.forEach((tp, first) -> {
            tracker.forget(tp);
            rewind.accept(tp, first);
        });
        Duration wait = Duration.ZERO;
        for (Map.Entry<RecordKey, Exception> f : o.failed.entrySet()) {
            RecordKey key = f.getKey();
            if (recoverNext.containsKey(key)) {
                continue; // its recovery failed: the growing wait below
            }
            int n = attempts.merge(key, 1, Integer::sum);
            Duration delay = RecordProcessor.retryDelay(errorHandler, listenerId, n, f.getValue());
            if (delay == null) {
                recoverNext.put(key, f.getValue());
                log.debug("listener {}: {}-{}@{} failed {} time(s); its next delivery is recovered", listenerId,
                        key.partition().topic(), key.partition().partition(), key.offset(), n);
            } else if (delay.compareTo(wait) > 0) {
                wait = delay;
            }
        }
        if (o.recoveryFailed) {
            recoveryFailures++;
            Duration grow = Duration.ofSeconds(1L << Math.min(5, recoveryFailures - 1));
            wait = max(wait, grow.compareTo(MAX_RECOVERY_WAIT) > 0 ? MAX_RECOVERY_WAIT : grow);
        }
        if (commitFailure != null && wait.isZero()) {
            wait = Duration.ofMillis(100); // a coordinator in trouble: not in a tight loop
        }
        return wait;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
