package dev.kurier.client.producer.internals;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.producer.BufferExhaustedException;
import dev.kurier.client.producer.RecordTooLargeException;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-partition queues of batches, and the bounds on what waits: {@code buffer.memory} (the capacity of every
 * batch buffer not yet acknowledged) and {@code queue.buffering.max.messages} (records). When a bound is reached,
 * {@code send} blocks up to {@code max.block.ms} for room (pykafka's {@code block_on_queue_full=True}) or, with
 * {@code max.block.ms=0}, fails at once. Before either bound, the {@link Pacer} may hold a sending thread that persistently
 * outruns the brokers at a short queue.
 *
 * <p>Every batch is tracked from creation to completion so that {@code flush()} can wait for exactly the batches that
 * exist when it starts, with no per-record bookkeeping.
 */
final class RecordAccumulator {

    private final ConcurrentHashMap<TopicPartition, PartitionQueue> queues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PartitionQueue[]> queuesByTopic = new ConcurrentHashMap<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong queuedRecords = new AtomicLong();
    private final long bufferMemory;
    private final long maxRecords;
    private final ByteBufAllocator alloc;
    private final Object roomFreed = new Object();
    /** Senders blocked for room: completions only take the lock to wake them when there are some. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Object batchDone = new Object();
    private final AtomicInteger flushWaiters = new AtomicInteger();
    private final Pacer pacer;
    /** The producer's clock (the pacer's): batch creation and max.block.ms deadlines. */
    private final dev.kurier.client.common.Clock clock;

    RecordAccumulator(long bufferMemory, long maxRecords, ByteBufAllocator alloc, Pacer pacer) {
        this.bufferMemory = bufferMemory;
        this.maxRecords = maxRecords;
        this.alloc = alloc;
        this.pacer = pacer;
        this.clock = pacer.clock();
    }

    /** Counts one more record against {@code queue.buffering.max.messages}, waiting until {@code deadline} for room. */
    void reserveRecord(String topic, long deadlineNanos, Duration maxBlock) throws InterruptedException {
        while (true) {
            long records = queuedRecords.get();
            if (records < maxRecords) {
                if (queuedRecords.compareAndSet(records, records + 1)) {
                    return;
                }
                continue;
            }
            awaitRoom(deadlineNanos, () -> queuedRecords.get() >= maxRecords, () -> new BufferExhaustedException(
                    "no room for another record for topic '" + topic + "' within max.block.ms = " + maxBlock.toMillis()
                            + " ms: " + queuedRecords.get() + " records are queued (queue.buffering.max.messages = "
                            + maxRecords + ")"));
        }
    }

    /** Gives back a record counted by {@link #reserveRecord} that never made it into a batch. */
    void unreserveRecord() {
        queuedRecords.decrementAndGet();
        wakeBlocked();
    }

    /**
     * Starts a batch for {@code tp} whose buffer holds {@code capacity} bytes, reserving them from
     * {@code buffer.memory} (waiting until {@code deadline}).
     */
    ProducerBatch newBatch(TopicPartition tp, int capacity, int limit, long baseTimestamp, long deadlineNanos,
                           Duration maxBlock) throws InterruptedException {
        if (capacity > bufferMemory) {
            throw new RecordTooLargeException(tp.topic(), capacity, "buffer.memory", bufferMemory);
        }
        pacer.awaitTurn(deadlineNanos);
        while (true) {
            long cur = bufferedBytes.get();
            if (cur + capacity <= bufferMemory) {
                if (bufferedBytes.compareAndSet(cur, cur + capacity)) {
                    break;
                }
                continue;
            }
            awaitRoom(deadlineNanos, () -> bufferedBytes.get() + capacity > bufferMemory, () -> new BufferExhaustedException(
                    "no room for a " + capacity + "-byte batch for " + tp + " within max.block.ms = " + maxBlock.toMillis()
                            + " ms: " + bufferedBytes.get() + " bytes are held by unacknowledged batches (buffer.memory = "
                            + bufferMemory + ")"));
        }
        ProducerBatch b;
        try {
            b = new ProducerBatch(tp, alloc, capacity, limit, baseTimestamp, clock.nanoTime());
        } catch (RuntimeException | Error e) {
            bufferedBytes.addAndGet(-capacity);
            wakeBlocked();
            throw e;
        }
        incomplete.add(b);
        return b;
    }

    private void awaitRoom(long deadlineNanos, java.util.function.BooleanSupplier full,
                           java.util.function.Supplier<BufferExhaustedException> error) throws InterruptedException {
        long left = deadlineNanos - clock.nanoTime();
        if (left <= 0) {
            throw error.get();
        }
        waiting.incrementAndGet();
        try {
            synchronized (roomFreed) {
                if (full.getAsBoolean()) {
                    roomFreed.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                }
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void wakeBlocked() {
        if (waiting.get() > 0) {
            synchronized (roomFreed) {
                roomFreed.notifyAll();
            }
        }
    }

    /**
     * Gives back a finished batch's memory and records. Called before its futures complete, so that a caller who saw
     * its send complete finds the room free.
     */
    void freeRoom(ProducerBatch b) {
        if (b.roomFreed) {
            return;
        }
        b.roomFreed = true;
        bufferedBytes.addAndGet(-b.reservedBytes);
        queuedRecords.addAndGet(-b.count);
        wakeBlocked();
    }

    /**
     * A batch completed (acknowledged or failed, its futures completed): flushes waiting on it proceed. Frees its room
     * too if that was not done yet.
     */
    void completed(ProducerBatch b) {
        freeRoom(b);
        if (incomplete.remove(b) && flushWaiters.get() > 0) {
            synchronized (batchDone) {
                batchDone.notifyAll();
            }
        }
    }

    /** The batches not completed yet. */
    List<ProducerBatch> incompleteBatches() {
        return new ArrayList<>(incomplete);
    }

    /** Waits until each of {@code batches} completed, or {@code timeout} passed; true if all did. */
    boolean awaitCompletion(List<ProducerBatch> batches, Duration timeout) throws InterruptedException {
        long deadline = clock.nanoTime() + timeout.toNanos();
        flushWaiters.incrementAndGet();
        try {
            for (ProducerBatch b : batches) {
                synchronized (batchDone) {
                    while (incomplete.contains(b)) {
                        long left = deadline - clock.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        batchDone.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
                    }
                }
            }
            return true;
        } finally {
            flushWaiters.decrementAndGet();
        }
    }

    /**
     * The queue of a topic's partition, created on first use. The hot path is one map lookup by topic name and an
     * array read: no {@link TopicPartition} is built per record.
     */
    PartitionQueue queueFor(String topic, int partition) {
        PartitionQueue[] byPartition = queuesByTopic.get(topic);
        if (byPartition != null && partition < byPartition.length) {
            PartitionQueue q = byPartition[partition];
            if (q != null) {
                return q;
            }
        }
        return createQueue(topic, partition);
    }

    private synchronized PartitionQueue createQueue(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        PartitionQueue q = queues.computeIfAbsent(tp, p -> new PartitionQueue(p, pacer));
        PartitionQueue[] old = queuesByTopic.get(topic);
        // copy on write: readers see either the old array or the new one, each fully built
        PartitionQueue[] grown = java.util.Arrays.copyOf(old == null ? new PartitionQueue[0] : old,
                Math.max(partition + 1, old == null ? 0 : old.length));
        grown[partition] = q;
        queuesByTopic.put(topic, grown);
        return q;
    }

    /** Batches of a partition waiting to be sent (0 if nothing was ever sent to it); cheap, no locks. */
    int waitingBatches(String topic, int partition) {
        PartitionQueue[] byPartition = queuesByTopic.get(topic);
        PartitionQueue q = byPartition != null && partition < byPartition.length ? byPartition[partition] : null;
        return q == null ? 0 : q.waitingBatches();
    }

    /** The queue of {@code tp}, or {@code null} if nothing was ever sent to it. */
    PartitionQueue queue(TopicPartition tp) {
        return queues.get(tp);
    }

    Collection<PartitionQueue> queues() {
        return queues.values();
    }

    Pacer pacer() {
        return pacer;
    }

    /** Bytes of batch buffers not yet acknowledged (queued or in flight). */
    long bufferedBytes() {
        return bufferedBytes.get();
    }

    /** Records not yet acknowledged (queued or in flight). */
    long bufferedRecords() {
        return queuedRecords.get();
    }
}
