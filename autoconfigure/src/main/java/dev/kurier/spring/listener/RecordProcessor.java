package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.parallel.WorkerLane;
import dev.kurier.spring.KurierProperties.AckMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on a worker thread: calls the {@link RecordHandler} (per record of a chunk, or once per batch), retries
 * failed calls as the {@link KurierErrorHandler} says, recovers what it gives up on, and acknowledges records after
 * success or recovery. Waits (retry back-offs, failed recoveries) end early when the container stops or the
 * partition is revoked: they wait on the container's {@link Signal}, not by polling.
 */
final class RecordProcessor {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);

    private final ListenerEndpoint endpoint;
    private final RecordHandler handler;
    private final KurierErrorHandler errorHandler;
    private final ListenerObserver observer;
    /** Whether listener calls are timed for the observer (not when nobody observes: two clock reads per record). */
    private final boolean observing;
    private final Staleness staleness;
    private final Signal changes;
    private final BooleanSupplier stopRequested;
    private final LongSupplier clock;
    private final Consumer<Error> onFatal;

    /**
     * A processor for {@code endpoint}'s listener. {@code clock} stamps calls for health; {@code onFatal} is told of
     * an {@link Error} (the container then stops).
     */
    RecordProcessor(ListenerEndpoint endpoint, RecordHandler handler, KurierErrorHandler errorHandler,
                    ListenerObserver observer, Staleness staleness, Signal changes, BooleanSupplier stopRequested,
                    LongSupplier clock, Consumer<Error> onFatal) {
        this.endpoint = endpoint;
        this.handler = handler;
        this.errorHandler = errorHandler;
        this.observer = observer;
        this.observing = observer != ListenerObserver.NOOP && observer.timesCalls();
        this.staleness = staleness;
        this.changes = changes;
        this.stopRequested = stopRequested;
        this.clock = clock;
        this.onFatal = onFatal;
    }

    /**
     * One listener call per record of a chunk, in order. Staleness is checked before each record (a revocation or a
     * halt of the chunk's partition drops the rest of the chunk), after {@code current} was published.
     *
     * <p>In ack mode AUTO with a handler that never uses its {@link Acknowledgment} (the common case: a method without
     * one), a call that returns is acknowledged in the chunk directly, with no acknowledgement object and no
     * once-only guard per record, and successful calls are timed per run of them rather than per call (two clock
     * reads per run): the per-record work left is the call itself. The first failure goes the full way (retries,
     * recovery) from that record.
     */
    void processChunk(WorkerLane<Work> self, Work w) {
        List<ConsumerRecord<byte[], byte[]>> rs = w.records();
        boolean lean = endpoint.ackMode() == AckMode.AUTO && !handler.acknowledges();
        long runStart = observing ? System.nanoTime() : 0;
        int runCalls = 0;
        for (int i = 0, n = rs.size(); i < n; i++) {
            if (self.abandoned() || staleness.stale(w.tp(), w.epoch())) {
                break; // (abandoned: a later run owns the partition now)
            }
            ConsumerRecord<byte[], byte[]> r = rs.get(i);
            if (!lean) {
                process(self, w, i, List.of(r), new RecordAck(w, i), null);
                continue;
            }
            Throwable failed = null;
            self.enterCall(i, clock.getAsLong());
            try {
                handler.handle(List.of(r), UNUSED_ACK);
            } catch (Exception | Error e) {
                failed = e;
            }
            self.leaveCall();
            if (failed == null) {
                w.chunk().acknowledged(i);
                runCalls++;
                continue;
            }
            if (observing && runCalls > 0) {
                observer.processedRun(endpoint.id(), runCalls, System.nanoTime() - runStart);
            }
            runCalls = 0;
            process(self, w, i, List.of(r), new RecordAck(w, i), failed);
            runStart = observing ? System.nanoTime() : 0;
        }
        if (observing && runCalls > 0) {
            observer.processedRun(endpoint.id(), runCalls, System.nanoTime() - runStart);
        }
    }

    /** Given to a handler that promised never to use it ({@link RecordHandler#acknowledges()} false). */
    private static final Acknowledgment UNUSED_ACK = () -> {
        throw new IllegalStateException("this listener declared that it does not acknowledge records");
    };

    /**
     * Acknowledges one record of a chunk, once, through the chunk: no {@code TopicPartition}, map lookup nor lock per
     * record.
     */
    private static final class RecordAck implements Acknowledgment {
        private static final AtomicIntegerFieldUpdater<RecordAck> DONE =
                AtomicIntegerFieldUpdater.newUpdater(RecordAck.class, "done");
        private final Work work;
        private final int index;
        private volatile int done;
        /** Set by {@link #nack}: call again after this long. */
        volatile Duration nacked;

        RecordAck(Work work, int index) {
            this.work = work;
            this.index = index;
        }

        @Override
        public void acknowledge() {
            // Also while its partition is being revoked: the revocation waits for exactly this. Once the revocation
            // is settled the tracker forgot the partition, and the chunk's acknowledgement no longer reaches it.
            if (DONE.compareAndSet(this, 0, 1)) {
                work.chunk().acknowledged(index);
            }
        }

        @Override
        public void nack(Duration sleep) {
            if (done != 0) {
                throw new IllegalStateException("the record was acknowledged already");
            }
            nacked = java.util.Objects.requireNonNull(sleep, "sleep");
        }
    }

    /**
     * One batch, front to back. The listener gets the records not yet settled; on a {@link BatchFailure} the records
     * before the failing one are acknowledged and the retries concern that record (called with the batch from it on);
     * once the error handler gives up, only that record is recovered and the rest goes on. Any other exception fails
     * the whole rest: retried, then each of its records recovered. Recovery goes record by record and a failed
     * recovery is tried again from the record that failed, so nothing is recovered twice.
     */
    void processBatch(WorkerLane<Work> self, Work w) {
        List<ConsumerRecord<byte[], byte[]>> all = w.records();
        int n = all.size();
        BatchAcks acks = new BatchAcks(w.chunks());
        int from = 0;
        int attempts = 0;
        while (from < n) {
            if (self.abandoned() || staleness.anyStale(w, all)) {
                return; // revoked meanwhile (the new owner processes the rest), or a later run owns it
            }
            List<ConsumerRecord<byte[], byte[]>> rest = from == 0 ? all : all.subList(from, n);
            Acknowledgment ack = acks.range(from, n);
            attempts++;
            long start = observing ? System.nanoTime() : 0;
            Exception failure;
            int failedAt = -1;
            self.enterCall(from, clock.getAsLong());
            acks.takeNack(); // one left by a call that then failed does not count
            try {
                handler.handle(rest, ack);
                self.leaveCall();
                int nackedAt = acks.takeNack();
                if (nackedAt >= 0) {
                    Duration sleep = acks.nackSleep();
                    from += nackedAt;
                    attempts = 0; // delivered again from there: not a failure
                    if (from < n && !waitBeforeRetry(self, w, all.subList(from, n), sleep)) {
                        return;
                    }
                    continue;
                }
                if (observing) {
                    observer.processed(endpoint.id(), rest.size(), System.nanoTime() - start, true);
                }
                if (endpoint.ackMode() == AckMode.AUTO) {
                    ack.acknowledge();
                }
                return;
            } catch (BatchFailure e) {
                failure = e.getCause() instanceof Exception c ? unwrap(c) : e;
                failedAt = Math.min(e.index(), rest.size() - 1);
            } catch (Exception e) {
                failure = unwrap(e);
            } catch (Error e) {
                self.leaveCall();
                fatal(self, w, rest, e);
                return;
            }
            self.leaveCall();
            if (observing) {
                observer.processed(endpoint.id(), rest.size(), System.nanoTime() - start, false);
            }
            if (leaving(self) && (failure instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
                staleness.halt(w, rest); // cut short by the shutdown: left for the next run
                return;
            }
            if (failedAt > 0) {
                acks.acknowledgeUpTo(from + failedAt); // processed before the failing record
                from += failedAt;
                attempts = 1; // the first failure of that record
            }
            List<ConsumerRecord<byte[], byte[]>> failing = failedAt >= 0 ? List.of(all.get(from)) : all.subList(from, n);
            Duration delay = retryDelay(attempts, failure);
            if (delay == null) {
                for (ConsumerRecord<byte[], byte[]> r : failing) {
                    if (!recover(self, w, List.of(r), failure, attempts)) {
                        return;
                    }
                    acks.acknowledgeUpTo(++from);
                }
                attempts = 0;
                continue;
            }
            ConsumerRecord<byte[], byte[]> first = failing.get(0);
            log.debug("listener {}: attempt {} for {}-{}@{} (batch) failed ({}); retrying in {} ms", endpoint.id(),
                    attempts, first.topic(), first.partition(), first.offset(), failure.toString(), delay.toMillis());
            if (!waitBeforeRetry(self, w, all.subList(from, n), delay)) {
                return;
            }
        }
    }

    /**
     * Calls the handler with {@code records} (record {@code index} of {@code w}); on failure asks the error handler
     * for a retry delay and calls again after it, until the error handler gives up and recovers the records. The
     * records are acknowledged only after success or recovery. Waits end early (records left unacknowledged) when the
     * container stops or the partition is revoked. {@code firstFailure}, when not null, is what the first call threw
     * (it ran already).
     */
    private void process(WorkerLane<Work> self, Work w, int index, List<ConsumerRecord<byte[], byte[]>> records,
                         Acknowledgment ack, Throwable firstFailure) {
        long start = observing ? System.nanoTime() : 0;
        boolean success = false;
        boolean handled;
        int attempts = 0;
        Throwable given = firstFailure; // the first call already ran (and failed) in the lean path
        while (true) {
            attempts++;
            Exception failure;
            try {
                if (given != null) {
                    Throwable t = given;
                    given = null;
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw (Exception) t;
                }
                self.enterCall(index, clock.getAsLong());
                handler.handle(records, ack);
                if (ack instanceof RecordAck ra && ra.nacked != null) {
                    Duration sleep = ra.nacked;
                    ra.nacked = null;
                    self.leaveCall();
                    if (!waitBeforeRetry(self, w, records, sleep)) {
                        handled = false;
                        break;
                    }
                    attempts = 0; // delivered again: not a failure
                    continue;
                }
                success = true;
                handled = true;
                break;
            } catch (Exception e) {
                failure = unwrap(e);
            } catch (Error e) {
                fatal(self, w, records, e);
                handled = false;
                break;
            }
            if (leaving(self) && (failure instanceof InterruptedException
                    || Thread.currentThread().isInterrupted())) {
                staleness.halt(w, records); // cut short by the shutdown, not a failure of the record: leave it for the next run
                handled = false;
                break;
            }
            Duration delay = retryDelay(attempts, failure);
            if (delay == null) {
                handled = recover(self, w, records, failure, attempts);
                break;
            }
            ConsumerRecord<byte[], byte[]> first = records.get(0);
            log.debug("listener {}: attempt {} for {}-{}@{} failed ({}); retrying in {} ms", endpoint.id(), attempts,
                    first.topic(), first.partition(), first.offset(), failure.toString(), delay.toMillis());
            if (!waitBeforeRetry(self, w, records, delay)) {
                handled = false;
                break;
            }
        }
        self.leaveCall();
        if (observing) {
            observer.processed(endpoint.id(), records.size(), System.nanoTime() - start, success);
        }
        if (handled && (!success || endpoint.ackMode() == AckMode.AUTO)) {
            ack.acknowledge();
        }
    }

    /**
     * An {@link Error} (out of memory, a linkage error) is not a failure of the record: retrying or dead-lettering it
     * would lose it for a problem of the JVM. The record stays unacknowledged (read again after a restart) and the
     * container stops as FAILED, as Spring Kafka's does.
     */
    private void fatal(WorkerLane<Work> self, Work w, List<ConsumerRecord<byte[], byte[]>> records, Error e) {
        staleness.halt(w, records);
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        log.error("listener {}: {} processing {}-{}@{}; stopping the container, the record is read again after a "
                + "restart", endpoint.id(), e.toString(), first.topic(), first.partition(), first.offset(), e);
        if (!self.abandoned()) {
            onFatal.accept(e);
        }
    }

    /** Whether {@code self} must give up its records: the run is stopping, or a stop abandoned it. */
    private boolean leaving(WorkerLane<Work> self) {
        return self.abandoned() || stopRequested.getAsBoolean();
    }

    private static Exception unwrap(Exception e) {
        return e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() instanceof Exception c
                ? c : e;
    }

    private Duration retryDelay(int attempts, Exception failure) {
        return retryDelay(errorHandler, endpoint.id(), attempts, failure);
    }

    /**
     * What {@code errorHandler} says after failed call {@code attempts}: the wait before the next call (never
     * negative), or {@code null} to recover; a handler that throws deciding means no retry.
     */
    static Duration retryDelay(KurierErrorHandler errorHandler, String listenerId, int attempts, Exception failure) {
        try {
            Duration d = errorHandler.retryDelay(attempts, failure);
            return d == null || d.isNegative() ? (d == null ? null : Duration.ZERO) : d;
        } catch (RuntimeException e) {
            log.warn("listener {}: error handler failed deciding on a retry; not retrying: {}", listenerId, e.toString());
            return null;
        }
    }

    /**
     * Gives the records to the error handler. When it throws (a dead-letter write failed) the records stay
     * unacknowledged and it is tried again after a growing wait (1 s doubling to 30 s), so later records of the
     * partition wait and nothing is skipped silently. Returns whether the records were recovered.
     */
    private boolean recover(WorkerLane<Work> self, Work w, List<ConsumerRecord<byte[], byte[]>> records, Exception failure,
                            int attempts) {
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        long waitMillis = 1000;
        while (true) {
            try {
                errorHandler.handle(endpoint.id(), records, failure, attempts);
                return true;
            } catch (Exception rethrown) {
                log.warn("listener {}: recovering {}-{}@{}{} failed; not acknowledged, trying again in {} ms: {}",
                        endpoint.id(), first.topic(), first.partition(), first.offset(),
                        records.size() > 1 ? " (+" + (records.size() - 1) + " more)" : "", waitMillis,
                        rethrown.toString());
            }
            if (!waitBeforeRetry(self, w, records, Duration.ofMillis(waitMillis))) {
                return false;
            }
            waitMillis = Math.min(30_000, waitMillis * 2);
        }
    }

    /**
     * Waits {@code delay} on a worker thread before calling again. Returns {@code false}, leaving the records, when
     * the container stops (their partitions are then halted: later records of them are not processed in this run,
     * keeping the order) or a record's partition was revoked (the new owner processes it).
     */
    private boolean waitBeforeRetry(WorkerLane<Work> self, Work w, List<ConsumerRecord<byte[], byte[]>> records,
                                    Duration delay) {
        long end = System.nanoTime() + delay.toNanos();
        while (true) {
            long seen = changes.generation(); // a stop or revocation signalled after this is not missed
            if (self.abandoned()) {
                return false; // a later run owns the partition: leave the records to it
            }
            if (stopRequested.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                staleness.halt(w, records);
                ConsumerRecord<byte[], byte[]> first = records.get(0);
                log.info("listener {}: stopping while {}-{}@{} waits for a retry; it is processed again after a "
                        + "restart", endpoint.id(), first.topic(), first.partition(), first.offset());
                return false;
            }
            if (staleness.anyStale(w, records)) {
                return false;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                changes.await(seen, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
