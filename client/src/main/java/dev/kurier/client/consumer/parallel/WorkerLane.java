package dev.kurier.client.consumer.parallel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * One worker of a {@link WorkerPool}: its thread, the bounded queue it takes tasks from, the tasks parked for it by
 * the dispatching thread while that queue was full, and what it is doing now ({@link #current()}, which of its
 * records is in a call now and since when) for revocations to wait for and for health to read.
 *
 * @param <T> the tasks
 */
public final class WorkerLane<T> {

    private static final VarHandle IN_CALL;
    private static final VarHandle IN_CALL_SINCE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            IN_CALL = l.findVarHandle(WorkerLane.class, "inCall", int.class);
            IN_CALL_SINCE = l.findVarHandle(WorkerLane.class, "inCallSince", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final WeightedQueue<T> queue;
    /** Tasks for this lane that did not fit its queue; the dispatching thread's only. */
    final ArrayDeque<T> parked = new ArrayDeque<>();
    private Thread thread;
    private volatile boolean abandoned;
    private volatile T current;
    /**
     * The index in the {@link #current()} task of the first record of the call running now (-1 between calls), and
     * since when. Written per call with opaque stores (no fence, and no reference store with its GC barrier, on the
     * hot path) and read the same way by health: a reader may see them a moment late, never torn.
     */
    @SuppressWarnings("unused")
    private int inCall = -1;
    @SuppressWarnings("unused")
    private long inCallSince;

    WorkerLane(String name, WeightedQueue<T> queue) {
        this.name = name;
        this.queue = queue;
    }

    /** The lane's name (its thread's). */
    public String name() {
        return name;
    }

    /** The queue this lane takes tasks from (shared by every lane of a pool without ordering). */
    public WeightedQueue<T> queue() {
        return queue;
    }

    /** The lane's thread, or {@code null} for a pool whose queue the application drains itself. */
    public Thread thread() {
        return thread;
    }

    void thread(Thread t) {
        this.thread = t;
    }

    /** Whether a stop gave up on this lane (a later run owns its partitions): its task must be left unfinished. */
    public boolean abandoned() {
        return abandoned;
    }

    void abandon() {
        abandoned = true;
    }

    /** The task being run now, or {@code null}. */
    public T current() {
        return current;
    }

    /**
     * Narrows the task being run now (to the part still to do, for revocations to wait only for that). Published
     * before the runner checks whether its partitions are still owned: a revocation either sees it or the check sees
     * the revocation.
     */
    public void current(T task) {
        this.current = task;
    }

    /** A call starting with record {@code index} of the {@link #current()} task starts at {@code sinceNanos}. */
    public void enterCall(int index, long sinceNanos) {
        IN_CALL_SINCE.setOpaque(this, sinceNanos);
        IN_CALL.setOpaque(this, index);
    }

    /** The call returned. */
    public void leaveCall() {
        IN_CALL.setOpaque(this, -1);
    }

    /**
     * The index in the {@link #current()} task of the first record of the call running now, or -1. Read together
     * with {@code current()} without a lock: check the index against the task.
     */
    public int inCall() {
        return (int) IN_CALL.getOpaque(this);
    }

    /** When the call running now started ({@link System#nanoTime()} scale, as given to {@link #enterCall}). */
    public long inCallSince() {
        return (long) IN_CALL_SINCE.getOpaque(this);
    }

    /** Runs tasks from the queue until it is closed and empty, or the lane is abandoned. */
    void run(WorkerPool.Runner<T> runner, Runnable onTaskDone) {
        while (!abandoned) {
            T task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                continue; // abandoned (checked above), or a stray interrupt
            }
            if (task == null) {
                return; // drained
            }
            current = task; // published before the runner checks staleness
            try {
                runner.run(this, task);
            } finally {
                current = null;
                onTaskDone.run(); // a revocation may be waiting for this task
            }
        }
    }
}
