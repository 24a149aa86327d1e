package dev.kurier.client.consumer.parallel;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.Ordering;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Worker threads fed by one dispatching thread (a poll loop), each lane with a queue bounded by the records it holds:
 * the one worker pool of {@link dev.kurier.client.consumer.ParallelConsumer} and of the starter's listener
 * containers. Handing out never blocks the dispatcher for long: a task for a full queue waits up to
 * {@link #HANDOFF_WAIT}, then is parked and the partitions feeding it are paused at the source, so one stuck worker
 * (a slow call, a retry back-off, a broken dead-letter topic) stops only what feeds it. Parked tasks go on in order
 * once there is room ({@link #unpark}). Lanes are chosen by {@link Ordering} ({@link #laneOf}). Worker threads are
 * daemons: one abandoned in a call that ignores interrupts must not keep the JVM alive.
 *
 * <p>The dispatching side ({@link #handOut}, {@link #unpark}, {@link #holding}) is one thread's; the rest is safe
 * from any thread.
 *
 * @param <T> the tasks
 */
public final class WorkerPool<T> {

    /** How long a hand-off waits for room in a lane's queue before the task is parked. */
    public static final Duration HANDOFF_WAIT = Duration.ofMillis(100);

    /** What the pool needs to know of a task. */
    public interface TaskShape<T> {
        /** What it counts towards a queue's bound: its records. */
        int weight(T task);

        /** The partitions of its records (held back while it is parked). */
        Collection<TopicPartition> partitions(T task);
    }

    /** Runs one task on a worker thread. */
    @FunctionalInterface
    public interface Runner<T> {
        /** Runs {@code task} on {@code lane}'s thread; should not throw. */
        void run(WorkerLane<T> lane, T task);
    }

    /** Where the partitions of parked tasks are paused and resumed (the consumer); called on the dispatching thread. */
    public interface Gate {
        /** Stops fetching {@code partitions}. */
        void pause(Collection<TopicPartition> partitions);

        /** Fetches {@code partitions} again. */
        void resume(Collection<TopicPartition> partitions);
    }

    private final TaskShape<T> shape;
    private final List<WorkerLane<T>> lanes;
    /** Partitions held back because tasks of theirs are parked: how many parked tasks each. */
    private final Map<TopicPartition, Integer> heldBack = new HashMap<>();

    /**
     * A pool of {@code workers} lanes named {@code name-i}, each queue bounded by {@code queueCapacity} records; with
     * {@code shared} the lanes take from one queue of {@code workers * queueCapacity} (no ordering: any worker takes
     * the next task). No threads run until {@link #start}.
     */
    public WorkerPool(String name, int workers, boolean shared, int queueCapacity, TaskShape<T> shape) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.shape = Objects.requireNonNull(shape, "shape");
        WeightedQueue<T> one = shared ? new WeightedQueue<>(Math.multiplyExact(queueCapacity, workers), shape::weight)
                : null;
        List<WorkerLane<T>> ls = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            ls.add(new WorkerLane<>(name + "-" + i, one != null ? one : new WeightedQueue<>(queueCapacity, shape::weight)));
        }
        this.lanes = List.copyOf(ls);
    }

    /**
     * Starts a thread per lane from {@code threads}, each running its queue's tasks through {@code runner};
     * {@code onTaskDone} runs after each task (to wake whoever waits for one to end).
     */
    public void start(ThreadFactory threads, Runner<T> runner, Runnable onTaskDone) {
        for (WorkerLane<T> lane : lanes) {
            Thread t = threads.newThread(() -> lane.run(runner, onTaskDone));
            t.setName(lane.name());
            if (!t.isDaemon()) {
                t.setDaemon(true);
            }
            lane.thread(t);
        }
        for (WorkerLane<T> lane : lanes) {
            lane.thread().start();
        }
    }

    /** The lanes, in order. */
    public List<WorkerLane<T>> lanes() {
        return lanes;
    }

    /** The lane a record goes to under {@code ordering} among {@code n} lanes; a null key goes by partition. */
    public static int laneOf(Ordering ordering, TopicPartition tp, Object key, int n) {
        if (n == 1) {
            return 0;
        }
        return switch (ordering) {
            case NONE -> 0; // one shared queue
            case KEY -> key == null ? partitionLane(tp, n)
                    : Math.floorMod(key instanceof byte[] b ? Arrays.hashCode(b) : key.hashCode(), n);
            case PARTITION -> partitionLane(tp, n);
        };
    }

    /**
     * {@code records} of {@code tp} split over {@code n} lanes by key ({@link Ordering#KEY}; a null key by partition):
     * one list per lane, in offset order, empty for a lane that gets none.
     */
    public static <R extends ConsumerRecord<?, ?>> List<List<R>> byKey(TopicPartition tp, List<R> records, int n) {
        List<List<R>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        for (R r : records) {
            out.get(laneOf(Ordering.KEY, tp, r.key(), n)).add(r);
        }
        return out;
    }

    /** The lane of every record of {@code tp} under partition ordering. */
    public static int partitionLane(TopicPartition tp, int n) {
        return Math.floorMod(31 * tp.topic().hashCode() + tp.partition(), n);
    }

    /**
     * Hands {@code task} to lane {@code lane} without blocking for long: when its queue stays full for
     * {@link #HANDOFF_WAIT} (a listener that keeps up frees room long before, and pausing and resuming partitions
     * would cost more than the wait), or tasks are parked for it already, the task is parked behind them and its
     * partitions are paused at {@code gate}.
     */
    public void handOut(int lane, T task, Gate gate) {
        WorkerLane<T> l = lanes.get(lane);
        if (l.parked.isEmpty() && offer(l, task)) {
            return;
        }
        l.parked.addLast(task);
        List<TopicPartition> newlyHeld = new ArrayList<>();
        for (TopicPartition tp : shape.partitions(task)) {
            if (heldBack.merge(tp, 1, Integer::sum) == 1) {
                newlyHeld.add(tp);
            }
        }
        if (!newlyHeld.isEmpty()) {
            gate.pause(newlyHeld);
        }
    }

    private static <T> boolean offer(WorkerLane<T> l, T task) {
        try {
            return l.queue().offer(task, HANDOFF_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Moves parked tasks into queues that have room now, in order. {@code live} gives what is still to be done of a
     * task (itself, a part, or {@code null} / weight 0 to drop it: its partitions were given up). Partitions left
     * with no parked task are resumed at {@code gate} when {@code resume}, and returned.
     */
    public List<TopicPartition> unpark(UnaryOperator<T> live, Gate gate, boolean resume) {
        if (heldBack.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> released = new ArrayList<>();
        for (WorkerLane<T> l : lanes) {
            T head;
            while ((head = l.parked.peekFirst()) != null) {
                T still = live.apply(head);
                if (still != null && shape.weight(still) > 0 && !l.queue().offer(still)) {
                    break;
                }
                l.parked.pollFirst();
                for (TopicPartition tp : shape.partitions(head)) {
                    if (heldBack.computeIfPresent(tp, (k, v) -> v == 1 ? null : v - 1) == null) {
                        released.add(tp);
                    }
                }
            }
        }
        if (resume && !released.isEmpty()) {
            gate.resume(released);
        }
        return released;
    }

    /** Whether tasks are parked now (the dispatcher then polls briefly, to go on soon after there is room). */
    public boolean holding() {
        return !heldBack.isEmpty();
    }

    /** The partitions held back now for parked tasks. */
    public Set<TopicPartition> heldBack() {
        return Collections.unmodifiableSet(heldBack.keySet());
    }

    /** Records queued for lane {@code index}, not counting parked tasks. */
    public int queuedRecords(int index) {
        return lanes.get(index).queue().weight();
    }

    /** Whether {@code t} is one of this pool's worker threads. */
    public boolean runs(Thread t) {
        for (WorkerLane<T> l : lanes) {
            if (l.thread() == t) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lets the workers finish what is queued, up to {@code deadlineNanos} ({@link System#nanoTime()}), then gives up
     * on those still busy: they are marked abandoned (their task must be left unfinished), interrupted, and given
     * {@code grace} to return. Queued and parked tasks left are dropped. Returns the records dropped; the lanes
     * whose thread is still alive (a call that ignores interrupts) are in {@code stillRunning}. An interrupt of the
     * calling thread does not cut the stop short; it is kept for the caller.
     */
    public int stop(long deadlineNanos, Duration grace, List<WorkerLane<T>> stillRunning) {
        boolean interrupted = Thread.interrupted();
        for (WorkerLane<T> l : lanes) {
            l.queue().close(); // a worker returns once its queue is empty
        }
        for (WorkerLane<T> l : lanes) {
            interrupted |= join(l, deadlineNanos);
        }
        for (WorkerLane<T> l : lanes) {
            if (l.thread() != null && l.thread().isAlive()) {
                l.abandon();
                l.thread().interrupt();
            }
        }
        int dropped = 0;
        long graceEnd = System.nanoTime() + grace.toNanos();
        for (WorkerLane<T> l : lanes) {
            interrupted |= join(l, graceEnd);
            dropped += l.queue().clear();
            for (T parked : l.parked) {
                dropped += shape.weight(parked);
            }
            l.parked.clear();
            if (l.thread() != null && l.thread().isAlive()) {
                stillRunning.add(l);
            }
        }
        heldBack.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return dropped;
    }

    /** Waits for {@code l}'s thread up to {@code deadlineNanos}; an interrupt ends only this wait. */
    private static boolean join(WorkerLane<?> l, long deadlineNanos) {
        Thread t = l.thread();
        long left = deadlineNanos - System.nanoTime();
        if (t == null || left <= 0) {
            return false;
        }
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
