package dev.kurier.spring.listener;

import dev.kurier.client.consumer.ConsumerRecord;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One worker thread of a listener container: takes {@link Work} from its bounded queue and has the
 * {@link RecordProcessor} run it. Publishes what it is doing ({@link #current}, {@link #inCall}) for revocations to
 * wait for and for health, and signals when a piece of work is done.
 */
final class Worker {

    final WeightedQueue<Work> queue;
    /** Work for this worker that did not fit its queue; the poll thread's only. */
    final ArrayDeque<Work> parked = new ArrayDeque<>();
    final Thread thread;
    /** Set when stopping: return once the queue is empty. */
    volatile boolean draining;
    /** Set when a stop gave up on this worker: a later run owns its partitions. */
    volatile boolean abandon;
    /** The work being processed, for revocations to wait for. */
    volatile Work current;
    /**
     * The first record of the listener call running now (null between calls), and since when (coarse clock). Written
     * per call with opaque stores (no fence on the hot path) and read the same way by health: a reader may see them
     * a moment late, never torn.
     */
    private ConsumerRecord<byte[], byte[]> inCall;
    private long inCallSince;
    private static final java.lang.invoke.VarHandle IN_CALL;
    private static final java.lang.invoke.VarHandle IN_CALL_SINCE;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            IN_CALL = l.findVarHandle(Worker.class, "inCall", ConsumerRecord.class);
            IN_CALL_SINCE = l.findVarHandle(Worker.class, "inCallSince", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A listener call with {@code first} starts at {@code since}. */
    void enterCall(ConsumerRecord<byte[], byte[]> first, long since) {
        IN_CALL_SINCE.setOpaque(this, since);
        IN_CALL.setOpaque(this, first);
    }

    /** The listener call returned. */
    void leaveCall() {
        IN_CALL.setOpaque(this, (ConsumerRecord<byte[], byte[]>) null);
    }

    /** The first record of the call running now, or {@code null}. */
    @SuppressWarnings("unchecked")
    ConsumerRecord<byte[], byte[]> inCall() {
        return (ConsumerRecord<byte[], byte[]>) IN_CALL.getOpaque(this);
    }

    /** When the call running now started (coarse clock). */
    long inCallSince() {
        return (long) IN_CALL_SINCE.getOpaque(this);
    }

    private final RecordProcessor processor;
    private final Staleness staleness;
    private final BooleanSupplier stopRequested;
    private final Signal changes;

    Worker(String name, WeightedQueue<Work> queue, RecordProcessor processor, Staleness staleness,
           BooleanSupplier stopRequested, Signal changes, java.util.concurrent.ThreadFactory threads) {
        this.queue = queue;
        this.processor = processor;
        this.staleness = staleness;
        this.stopRequested = stopRequested;
        this.changes = changes;
        this.thread = threads.newThread(this::run);
        this.thread.setName(name);
        // Daemons: a listener call abandoned at shutdown (one that ignores interrupts) must not keep the JVM
        // alive (virtual threads always are). The poll thread is not one: like Spring Kafka's consumer threads it
        // keeps a listener-only app up.
        if (!this.thread.isDaemon()) {
            this.thread.setDaemon(true);
        }
    }

    /** Whether this worker must give up its records: its run is stopping, or it was abandoned by one. */
    boolean leaving() {
        return abandon || stopRequested.getAsBoolean();
    }

    private void run() {
        while (!abandon) {
            Work w;
            try {
                w = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (abandon) {
                    return;
                }
                continue;
            }
            if (w == null) {
                if (draining) {
                    return;
                }
                continue;
            }
            // Publish before checking staleness: a revocation either sees this work or this check sees it.
            current = w;
            try {
                if (w.tp() != null) {
                    processor.processChunk(this, w);
                } else {
                    Work lw = staleness.live(w);
                    current = lw;
                    if (!lw.records().isEmpty() && !abandon) {
                        processor.processBatch(this, lw);
                    }
                }
            } finally {
                current = null;
                changes.signalAll(); // a revocation may be waiting for this work
            }
        }
    }
}
