package dev.kurier.client.producer.internals;

import dev.kurier.client.cluster.CoordinatorLocator;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;
import dev.kurier.client.group.GroupMetadata;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.producer.TransactionAbortableException;
import dev.kurier.client.producer.TransactionException;
import dev.kurier.client.producer.TransactionFatalException;
import dev.kurier.client.producer.TransactionTimeoutException;
import dev.kurier.client.protocol.message.EndTxnResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of a transactional producer: which calls are allowed now, the producer id and epoch, the partitions and
 * groups in the open transaction, and the first failure that dooms it.
 *
 * <p>Calls of the application ({@code initTransactions}, {@code beginTransaction}, {@code commitTransaction},
 * {@code abortTransaction}, {@code sendOffsetsToTransaction}) block for at most {@code max.block.ms}; the requests they
 * start keep going when that time runs out, and calling the same method again waits for their result, as in
 * kafka-clients. The sender thread asks {@link #sendable} before it sends a batch and reports failed batches here.
 *
 * <p>A send holds the read side of {@link #sendLock} from its state check until its record is in a batch; commit and
 * abort take the write side to leave the open state, so every record sent in a transaction is in a batch that commit
 * and abort wait for, and none slips into the next one.
 */
final class TransactionManager {

    private static final Logger log = LoggerFactory.getLogger(TransactionManager.class);
    /** How often a waiting commit looks for a failed batch. */
    private static final long FLUSH_SLICE_MS = 50;

    enum State { UNINITIALIZED, INITIALIZING, READY, IN_TRANSACTION, COMMITTING, ABORTING, ABORTABLE_ERROR, FATAL_ERROR }

    /** What the manager needs from the sender thread. */
    interface SenderLink {
        /**
         * The sender's next batches carry this producer id and epoch, with sequences from 0; completes once the
         * sender thread has taken them, so that no batch made after the caller goes on can leave with the old ones.
         */
        CompletableFuture<Void> installProducerId(long producerId, short epoch);

        /** Fails every batch not yet sent (the transaction is being aborted); completes on the sender thread. */
        CompletableFuture<Void> abortUnsent();

        void wakeup();
    }

    /** Waits for the batches that exist now to complete; false when {@code timeoutMs} passed first. */
    interface BatchWaiter {
        boolean awaitAll(long timeoutMs) throws InterruptedException;
    }

    private final String transactionalId;
    private final int transactionTimeoutMs;
    private final long maxBlockMs;
    private final TransactionRequests requests;
    private final ReentrantReadWriteLock sendLock = new ReentrantReadWriteLock();
    /** Partitions the coordinator has in the open transaction (version 1); read by the sender without locking. */
    private final Set<TopicPartition> added = ConcurrentHashMap.newKeySet();
    private volatile SenderLink sender;
    private volatile boolean v2;

    // guarded by this
    private State state = State.UNINITIALIZED;
    private TransactionException failure;
    private long producerId = -1;
    private short epoch = -1;
    private final Set<TopicPartition> toAdd = new LinkedHashSet<>();
    private CompletableFuture<Void> addInFlight;
    private final List<CompletableFuture<?>> offsetsInFlight = new ArrayList<>();
    /** Whether the coordinator knows of this transaction, so that it must be ended with EndTxn. */
    private boolean startedOnBroker;
    /** A batch of this transaction failed or was dropped after it got a sequence: its partitions' sequences are unsure. */
    private boolean epochBumpNeeded;
    private CompletableFuture<Void> pending; // initTransactions, or the end of a commit or abort
    private String pendingCall;

    TransactionManager(String transactionalId, int transactionTimeoutMs, long maxBlockMs, TransactionRequests requests) {
        this.transactionalId = transactionalId;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.maxBlockMs = maxBlockMs;
        this.requests = requests;
    }

    void bind(SenderLink link) {
        this.sender = link;
    }

    String transactionalId() {
        return transactionalId;
    }

    /** Whether the producer uses transactions version 2 (partitions added by the Produce request itself). */
    boolean v2() {
        return v2;
    }

    synchronized State state() {
        return state;
    }

    // ---- the application's calls ----

    void initTransactions() {
        CompletableFuture<Void> op;
        synchronized (this) {
            throwIfFatal();
            if (state == State.INITIALIZING) {
                op = pending;
            } else if (state != State.UNINITIALIZED) {
                throw new IllegalStateException(who() + ": initTransactions() was already called");
            } else {
                state = State.INITIALIZING;
                pendingCall = "initTransactions()";
                op = pending = requests.transactionV2().thenCompose(useV2 -> {
                    v2 = useV2;
                    return requests.initProducerId(transactionTimeoutMs, -1, (short) -1);
                }).handle((r, err) -> {
                    synchronized (TransactionManager.this) {
                        pending = null;
                        if (err != null) {
                            TransactionException e = TransactionErrors.classify(CoordinatorLocator.unwrap(err),
                                    transactionalId, "initializing transactions");
                            if (e instanceof TransactionFatalException) {
                                fail(e);
                            } else {
                                state = State.UNINITIALIZED;
                            }
                            throw e;
                        }
                        producerId = r.producerId();
                        epoch = r.producerEpoch();
                        state = State.READY;
                    }
                    log.info("{}: transactions initialized (producer id {}, epoch {}, transactions version {})", who(),
                            r.producerId(), r.producerEpoch(), v2 ? 2 : 1);
                    return sender.installProducerId(r.producerId(), r.producerEpoch());
                }).thenCompose(installed -> installed);
            }
        }
        await(op, "initTransactions()", System.nanoTime());
    }

    synchronized void beginTransaction() {
        throwIfFatal();
        switch (state) {
            case READY -> {
                state = State.IN_TRANSACTION;
                startedOnBroker = false;
                epochBumpNeeded = false;
                failure = null;
                added.clear();
                toAdd.clear();
            }
            case UNINITIALIZED, INITIALIZING -> throw new IllegalStateException(who()
                    + ": call initTransactions() before beginTransaction()");
            case IN_TRANSACTION -> throw new IllegalStateException(who() + ": a transaction is already open");
            case ABORTABLE_ERROR -> throw new IllegalStateException(who()
                    + ": the open transaction failed; call abortTransaction() first", failure);
            default -> throw new IllegalStateException(who() + ": " + pendingCallOr("the last commit or abort")
                    + " has not completed; call it again");
        }
    }

    /**
     * Runs a send's enqueue step if a transaction is open: otherwise fails it (the transaction failed or the producer
     * is fenced) or throws {@link IllegalStateException} (no transaction open).
     */
    <T> CompletableFuture<T> send(String topic, Supplier<CompletableFuture<T>> enqueue) {
        sendLock.readLock().lock();
        try {
            synchronized (this) {
                if (state == State.FATAL_ERROR) {
                    return CompletableFuture.failedFuture(failure);
                }
                if (state == State.ABORTABLE_ERROR) {
                    return CompletableFuture.failedFuture(new TransactionAbortableException(who()
                            + ": cannot send to topic '" + topic + "', the transaction already failed", failure));
                }
                if (state != State.IN_TRANSACTION) {
                    throw new IllegalStateException(who() + ": cannot send to topic '" + topic
                            + "' outside a transaction (state " + state + "); call beginTransaction() first");
                }
            }
            return enqueue.get();
        } finally {
            sendLock.readLock().unlock();
        }
    }

    void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, GroupMetadata group) {
        if (group == null || group.groupId() == null || group.groupId().isEmpty()) {
            throw new IllegalArgumentException("sendOffsetsToTransaction needs the consumer's group metadata "
                    + "(Consumer#groupMetadata()), with a group id");
        }
        long start = System.nanoTime();
        CompletableFuture<Void> op;
        synchronized (this) {
            throwIfFatal();
            throwIfAbortable("cannot send offsets");
            if (state != State.IN_TRANSACTION) {
                throw new IllegalStateException(who() + ": sendOffsetsToTransaction() outside a transaction (state "
                        + state + "); call beginTransaction() first");
            }
            if (offsets.isEmpty()) {
                return;
            }
            long id = producerId;
            short ep = epoch;
            if (v2) {
                startedOnBroker = true; // the commit adds the group to the transaction
                op = requests.commitOffsets(id, ep, offsets, group, true);
            } else {
                op = requests.addOffsets(id, ep, group.groupId()).thenCompose(v -> {
                    synchronized (TransactionManager.this) {
                        startedOnBroker = true;
                    }
                    return requests.commitOffsets(id, ep, offsets, group, false);
                });
            }
            offsetsInFlight.add(op);
            op.whenComplete((v, err) -> {
                synchronized (TransactionManager.this) {
                    offsetsInFlight.remove(op);
                }
            });
        }
        try {
            await(op, "sendOffsetsToTransaction()", start);
        } catch (TransactionTimeoutException e) {
            // The offsets may or may not become part of the transaction: only an abort leaves a known state.
            TransactionAbortableException doomed = new TransactionAbortableException(who()
                    + ": sendOffsetsToTransaction() did not complete within max.block.ms (" + maxBlockMs + " ms)", e);
            synchronized (this) {
                abortable(doomed);
            }
            throw doomed;
        }
    }

    void commitTransaction(BatchWaiter batches) {
        long start = System.nanoTime();
        CompletableFuture<Void> end;
        synchronized (this) {
            throwIfFatal();
            if (state == State.COMMITTING && pending != null) {
                end = pending;
            } else if (state == State.ABORTABLE_ERROR) {
                throw new TransactionAbortableException(who() + ": cannot commit, the transaction failed ("
                        + reason() + ")", failure);
            } else if (state != State.IN_TRANSACTION && state != State.COMMITTING) {
                throw new IllegalStateException(who() + ": commitTransaction() without an open transaction (state "
                        + state + ")");
            } else {
                end = null;
            }
        }
        if (end == null) {
            leaveOpenState(State.COMMITTING);
            boolean flushed = awaitBatches(batches, start, true);
            synchronized (this) {
                if (state == State.FATAL_ERROR) {
                    throw failure;
                }
                if (failure != null) {
                    state = State.ABORTABLE_ERROR;
                    throw new TransactionAbortableException(who() + ": cannot commit, a record of the transaction was"
                            + " not written (" + reason() + ")", failure);
                }
                if (!flushed) {
                    throw new TransactionTimeoutException(who() + ": the records of the transaction were not all"
                            + " acknowledged within max.block.ms (" + maxBlockMs + " ms); call commitTransaction()"
                            + " again to keep waiting, or abortTransaction()", null);
                }
                if (!startedOnBroker) {
                    state = State.READY; // nothing was sent: the transaction only existed here
                    return;
                }
                pendingCall = "commitTransaction()";
                // done once the sender holds the next epoch: the next transaction's first batch must carry it
                end = pending = requests.endTxn(producerId, epoch, true, v2).handle((r, err) -> ended(r, err, true))
                        .thenCompose(installed -> installed);
            }
        }
        await(end, "commitTransaction()", start);
    }

    void abortTransaction(BatchWaiter batches) {
        long start = System.nanoTime();
        CompletableFuture<Void> end;
        synchronized (this) {
            throwIfFatal();
            if (state == State.ABORTING && pending != null) {
                end = pending;
            } else if (state == State.COMMITTING) {
                throw new IllegalStateException(who() + ": commitTransaction() has not completed; call it again");
            } else if (state != State.IN_TRANSACTION && state != State.ABORTABLE_ERROR && state != State.ABORTING) {
                throw new IllegalStateException(who() + ": abortTransaction() without an open transaction (state "
                        + state + ")");
            } else {
                end = null;
            }
        }
        if (end == null) {
            leaveOpenState(State.ABORTING);
            await(sender.abortUnsent(), "abortTransaction()", start);
            boolean settled = awaitBatches(batches, start, false) && awaitCoordinatorRequests(start);
            synchronized (this) {
                if (state == State.FATAL_ERROR) {
                    throw failure;
                }
                if (!settled) {
                    throw new TransactionTimeoutException(who() + ": the transaction's requests in flight did not"
                            + " complete within max.block.ms (" + maxBlockMs + " ms); call abortTransaction() again", null);
                }
                toAdd.clear();
                if (!startedOnBroker && !epochBumpNeeded) {
                    state = State.READY;
                    return;
                }
                pendingCall = "abortTransaction()";
                long id = producerId;
                short ep = epoch;
                boolean bump = epochBumpNeeded && !v2;
                CompletableFuture<EndTxnResponse> ended = startedOnBroker ? requests.endTxn(id, ep, false, v2)
                        : CompletableFuture.completedFuture(null);
                end = pending = ended.thenCompose(r -> bump
                        // KIP-360: a batch whose fate is unknown left the partition's sequence unsure; a new
                        // epoch restarts every sequence at 0
                        ? requests.initProducerId(transactionTimeoutMs, id, ep)
                                .thenApply(i -> new EndTxnResponse(0, (short) 0, i.producerId(), i.producerEpoch()))
                        : CompletableFuture.completedFuture(r)).handle((r, err) -> ended(r, err, false))
                        .thenCompose(installed -> installed);
            }
        }
        await(end, "abortTransaction()", start);
    }

    /** Stops the requests' retries (the producer closes). */
    void close() {
        requests.close();
    }

    // ---- the sender thread's calls ----

    /**
     * Whether a batch of {@code tp} may be sent now. Under version 1 a partition must first be added to the transaction;
     * this registers it for adding.
     */
    boolean sendable(TopicPartition tp) {
        if (v2 || added.contains(tp)) {
            return true;
        }
        partitionUsed(tp);
        return false;
    }

    /** Registers a partition the open transaction writes to (version 1 adds it before its first batch goes out). */
    void partitionUsed(TopicPartition tp) {
        if (v2 || added.contains(tp)) {
            return;
        }
        synchronized (this) {
            toAdd.add(tp);
        }
    }

    /** Sends AddPartitionsToTxn for the partitions waiting for it, one request at a time. Sender thread. */
    void maybeAddPartitions() {
        List<TopicPartition> batch;
        long id;
        short ep;
        synchronized (this) {
            if (v2 || toAdd.isEmpty() || addInFlight != null
                    || (state != State.IN_TRANSACTION && state != State.COMMITTING)) {
                return;
            }
            batch = new ArrayList<>(toAdd);
            toAdd.clear();
            id = producerId;
            ep = epoch;
            addInFlight = requests.addPartitions(id, ep, batch).handle((v, err) -> {
                synchronized (TransactionManager.this) {
                    addInFlight = null;
                    if (err == null) {
                        added.addAll(batch);
                        startedOnBroker = true;
                    } else if (state != State.ABORTING) {
                        abortable(TransactionErrors.classify(CoordinatorLocator.unwrap(err), transactionalId,
                                "adding " + batch + " to the transaction"));
                    }
                }
                sender.wakeup();
                return null;
            });
        }
    }

    /** A batch of the transaction went out (under version 2 that starts the transaction at the coordinator). */
    void batchSent() {
        if (v2) {
            synchronized (this) {
                startedOnBroker = true;
            }
        }
    }

    /** Whether the transaction is being aborted: failed batches are not retried then. */
    boolean aborting() {
        synchronized (this) {
            return state == State.ABORTING;
        }
    }

    /** A batch of the transaction failed: the transaction can only be aborted now (or the producer is fenced). */
    void batchFailed(TopicPartition tp, Throwable cause) {
        synchronized (this) {
            epochBumpNeeded = true;
            if (state == State.ABORTING || state == State.FATAL_ERROR) {
                return;
            }
            TransactionException e = TransactionErrors.classify(cause, transactionalId, "producing to " + tp);
            if (e instanceof TransactionFatalException) {
                fail(e);
            } else {
                abortable(e);
            }
        }
    }

    /** A batch that had a sequence number was dropped unsent: the partition's sequence is unsure after the abort. */
    synchronized void sequenceDropped() {
        epochBumpNeeded = true;
    }

    // ---- internals ----

    private void leaveOpenState(State next) {
        sendLock.writeLock().lock();
        try {
            synchronized (this) {
                if (state == State.IN_TRANSACTION || state == State.ABORTABLE_ERROR) {
                    state = next;
                }
            }
        } finally {
            sendLock.writeLock().unlock();
        }
        sender.wakeup();
    }

    /** Waits for every batch to complete; a commit also stops at the first failed batch. */
    private boolean awaitBatches(BatchWaiter batches, long start, boolean stopOnFailure) {
        try {
            while (true) {
                long left = maxBlockMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (left <= 0) {
                    return false;
                }
                if (batches.awaitAll(Math.min(left, FLUSH_SLICE_MS))) {
                    return true;
                }
                synchronized (this) {
                    if (state == State.FATAL_ERROR || stopOnFailure && failure != null) {
                        return true;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KurierException(who() + ": interrupted while waiting for the transaction's records", e);
        }
    }

    private boolean awaitCoordinatorRequests(long start) {
        List<CompletableFuture<?>> waits = new ArrayList<>();
        synchronized (this) {
            if (addInFlight != null) {
                waits.add(addInFlight);
            }
            waits.addAll(offsetsInFlight);
        }
        for (CompletableFuture<?> f : waits) {
            long left = maxBlockMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            try {
                f.handle((v, e) -> null).get(Math.max(0, left), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KurierException(who() + ": interrupted during abortTransaction()", e);
            } catch (ExecutionException e) {
                // handled above: cannot happen
            }
        }
        return true;
    }

    /**
     * The end of a commit or abort: the next epoch (version 2, or a bump), or the error the coordinator gave. Returns
     * what completes once the sender has the next epoch.
     */
    private CompletableFuture<Void> ended(EndTxnResponse r, Throwable err, boolean commit) {
        boolean install;
        synchronized (this) {
            pending = null;
            if (err != null) {
                TransactionException e = TransactionErrors.classify(CoordinatorLocator.unwrap(err), transactionalId,
                        commit ? "committing the transaction" : "aborting the transaction");
                if (e instanceof TransactionFatalException || !commit) {
                    fail(e);
                } else {
                    abortable(e);
                }
                throw e;
            }
            install = r != null && (r.producerId() != producerId || r.producerEpoch() != epoch) && r.producerId() >= 0;
            if (install) {
                producerId = r.producerId();
                epoch = r.producerEpoch();
            }
            state = State.READY;
            added.clear();
            toAdd.clear();
            startedOnBroker = false;
            epochBumpNeeded = false;
        }
        log.debug("{}: transaction {} (producer id {}, epoch {})", who(), commit ? "committed" : "aborted",
                r == null ? producerId : r.producerId(), r == null ? epoch : r.producerEpoch());
        return install ? sender.installProducerId(r.producerId(), r.producerEpoch())
                : CompletableFuture.completedFuture(null);
    }

    private void await(CompletableFuture<?> op, String call, long start) {
        long left = maxBlockMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        try {
            op.get(Math.max(0, left), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TransactionTimeoutException(who() + ": " + call + " did not complete within max.block.ms ("
                    + maxBlockMs + " ms); call it again to wait for its result", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KurierException(who() + ": interrupted during " + call, e);
        } catch (ExecutionException e) {
            Throwable cause = CoordinatorLocator.unwrap(e.getCause());
            TransactionException t = TransactionErrors.classify(cause, transactionalId, call);
            synchronized (this) {
                if (t instanceof TransactionFatalException) {
                    fail(t);
                } else if (state == State.IN_TRANSACTION) {
                    abortable(t);
                }
            }
            throw t;
        }
    }

    private void abortable(TransactionException e) {
        if (state == State.FATAL_ERROR) {
            return;
        }
        if (failure == null) {
            failure = e;
            log.warn("{}: the transaction must be aborted: {}", who(), e.getMessage());
        }
        if (state == State.IN_TRANSACTION) {
            state = State.ABORTABLE_ERROR;
        }
    }

    private void fail(TransactionException e) {
        if (state != State.FATAL_ERROR) {
            log.warn("{}: the producer cannot go on: {}", who(), e.getMessage());
            state = State.FATAL_ERROR;
            failure = e;
        }
    }

    private void throwIfFatal() {
        if (state == State.FATAL_ERROR) {
            throw failure;
        }
    }

    private void throwIfAbortable(String what) {
        if (state == State.ABORTABLE_ERROR) {
            throw new TransactionAbortableException(who() + ": " + what + ", the transaction failed (" + reason() + ")",
                    failure);
        }
    }

    /** What first went wrong in the transaction, without the advice its own message carries. */
    private String reason() {
        Throwable t = failure;
        return t == null ? "unknown" : t.getCause() != null ? t.getCause().getMessage() : t.getMessage();
    }

    private String pendingCallOr(String fallback) {
        return pendingCall != null ? pendingCall : fallback;
    }

    private String who() {
        return "transactional id '" + transactionalId + "'";
    }
}
