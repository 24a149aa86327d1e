package dev.kurier.spring.listener;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * A blocking FIFO queue bounded by the summed weight of its items rather than their number: the container hands
 * workers chunks of records, and a chunk must count towards the bound by its records (memory stays bounded) while
 * costing only one queue operation. An item heavier than the whole capacity is still accepted into an empty queue,
 * so it cannot block forever.
 *
 * @param <T> the items
 */
final class WeightedQueue<T> {

    private final int capacity;
    private final ToIntFunction<T> weigher;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int weight;

    /** A queue holding at most {@code capacity} weight; {@code weigher} weighs an item (at least 1). */
    WeightedQueue(int capacity, ToIntFunction<T> weigher) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.weigher = weigher;
    }

    /** The most weight the queue holds (an empty queue takes one heavier item). */
    int capacity() {
        return capacity;
    }

    /** Adds {@code item}, waiting up to {@code timeout} for room; returns whether it was added. */
    boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
        int w = Math.max(1, weigher.applyAsInt(item));
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (weight > 0 && weight + w > capacity) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            items.addLast(item);
            weight += w;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code item} if there is room now; returns whether it was added. */
    boolean offer(T item) {
        int w = Math.max(1, weigher.applyAsInt(item));
        lock.lock();
        try {
            if (weight > 0 && weight + w > capacity) {
                return false;
            }
            items.addLast(item);
            weight += w;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest item, waiting up to {@code timeout}; {@code null} when none came. */
    T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            T item = items.pollFirst();
            weight -= Math.max(1, weigher.applyAsInt(item));
            // Several items may fit now (and with a shared queue several takers may wait): wake all putters.
            notFull.signalAll();
            if (!items.isEmpty()) {
                notEmpty.signal();
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** The summed weight of the queued items. */
    int weight() {
        lock.lock();
        try {
            return weight;
        } finally {
            lock.unlock();
        }
    }

    /** Drops every item; returns their summed weight. */
    int clear() {
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
