package dev.kurier.client.consumer.parallel;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * A blocking FIFO queue bounded by the summed weight of its items rather than their number: workers are handed
 * chunks of records, and a chunk must count towards the bound by its records (memory stays bounded) while costing
 * only one queue operation. An item heavier than the whole capacity is still accepted into an empty queue, so it
 * cannot block forever. {@link #close()} wakes every taker: once closed and empty, {@link #take()} returns
 * {@code null}, so a worker ends without polling with a timeout.
 *
 * @param <T> the items
 */
public final class WeightedQueue<T> {

    private final int capacity;
    private final ToIntFunction<T> weigher;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int weight;
    private boolean closed;

    /** A queue holding at most {@code capacity} weight; {@code weigher} weighs an item (at least 1). */
    public WeightedQueue(int capacity, ToIntFunction<T> weigher) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.weigher = weigher;
    }

    /** The most weight the queue holds (an empty queue takes one heavier item). */
    public int capacity() {
        return capacity;
    }

    /** Adds {@code item}, waiting up to {@code timeout} for room; returns whether it was added (never once closed). */
    public boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
        int w = Math.max(1, weigher.applyAsInt(item));
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (!closed && weight > 0 && weight + w > capacity) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            return add(item, w);
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code item} if there is room now; returns whether it was added (never once closed). */
    public boolean offer(T item) {
        int w = Math.max(1, weigher.applyAsInt(item));
        lock.lock();
        try {
            if (weight > 0 && weight + w > capacity) {
                return false;
            }
            return add(item, w);
        } finally {
            lock.unlock();
        }
    }

    private boolean add(T item, int w) {
        if (closed) {
            return false;
        }
        items.addLast(item);
        weight += w;
        notEmpty.signal();
        return true;
    }

    /** Takes the oldest item, waiting up to {@code timeout}; {@code null} when none came (or closed and empty). */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (nanos <= 0 || closed) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return remove();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest item, waiting for one; {@code null} once the queue is closed and empty. */
    public T take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (closed) {
                    return null;
                }
                notEmpty.await();
            }
            return remove();
        } finally {
            lock.unlock();
        }
    }

    private T remove() {
        T item = items.pollFirst();
        weight -= Math.max(1, weigher.applyAsInt(item));
        // Several items may fit now (and with a shared queue several takers may wait): wake all putters.
        notFull.signalAll();
        if (!items.isEmpty()) {
            notEmpty.signal();
        }
        return item;
    }

    /** Refuses further items and wakes every taker; what is queued can still be taken. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The summed weight of the queued items. */
    public int weight() {
        lock.lock();
        try {
            return weight;
        } finally {
            lock.unlock();
        }
    }

    /** Drops every item; returns their summed weight. */
    public int clear() {
        lock.lock();
        try {
            int w = weight;
            items.clear();
            weight = 0;
            notFull.signalAll();
            return w;
        } finally {
            lock.unlock();
        }
    }
}
