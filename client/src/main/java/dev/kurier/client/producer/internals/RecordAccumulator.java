package dev.kurier.client.producer.internals;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.producer.BufferExhaustedException;
import dev.kurier.client.producer.RecordTooLargeException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-partition queues of records waiting to be sent, and the {@code buffer.memory} bound on them. When
 * the bound is reached, {@code send} blocks up to {@code max.block.ms} for room (pykafka's
 * {@code block_on_queue_full=True}) or, with {@code max.block.ms=0}, fails at once.
 */
final class RecordAccumulator {

    private final ConcurrentHashMap<TopicPartition, PartitionQueue> queues = new ConcurrentHashMap<>();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong queuedRecords = new AtomicLong();
    private final long bufferMemory;
    private final long maxRecords;
    private final Object roomFreed = new Object();
    /** Senders blocked in reserve(): releases only take the lock to wake them when there are some. */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    RecordAccumulator(long bufferMemory, long maxRecords) {
        this.bufferMemory = bufferMemory;
        this.maxRecords = maxRecords;
    }

    /**
     * Reserves {@code size} bytes of buffer memory for one more record, waiting up to {@code waitNanos} (what is left
     * of {@code maxBlock}, which the error names).
     */
    void reserve(String topic, int size, long waitNanos, Duration maxBlock) throws InterruptedException {
        if (size > bufferMemory) {
            throw new RecordTooLargeException(topic, size, "buffer.memory", bufferMemory);
        }
        long deadline = System.nanoTime() + waitNanos;
        while (true) {
            long cur = bufferedBytes.get();
            long records = queuedRecords.get();
            if (cur + size <= bufferMemory && records < maxRecords) {
                if (queuedRecords.compareAndSet(records, records + 1)) {
                    bufferedBytes.addAndGet(size); // may briefly overshoot under a race: a soft bound, never unbounded
                    return;
                }
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new BufferExhaustedException("no room for a " + size + "-byte record for topic '" + topic
                        + "' within max.block.ms = " + maxBlock.toMillis() + " ms: " + records + " records and " + cur
                        + " bytes are queued (queue.buffering.max.messages = " + maxRecords + ", buffer.memory = "
                        + bufferMemory + ")");
            }
            waiting.incrementAndGet();
            try {
                synchronized (roomFreed) {
                    if (bufferedBytes.get() + size > bufferMemory || queuedRecords.get() >= maxRecords) {
                        roomFreed.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                    }
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    /** Returns {@code size} bytes of buffer memory. */
    void releaseMemory(int size) {
        bufferedBytes.addAndGet(-size);
        queuedRecords.decrementAndGet();
        if (waiting.get() > 0) {
            synchronized (roomFreed) {
                roomFreed.notifyAll();
            }
        }
    }

    /**
     * Appends a record whose memory was reserved. Returns the partition's queued bytes before this record: 0 means
     * the queue was empty, so the sender must learn that a linger period has started.
     */
    int append(TopicPartition tp, PendingRecord record) {
        PartitionQueue q = queues.get(tp);
        if (q == null) {
            q = queues.computeIfAbsent(tp, PartitionQueue::new);
        }
        q.records.add(record);
        return q.queuedBytes.getAndAdd(record.estimatedSize);
    }

    /** The queue of {@code tp}, or {@code null} if nothing was ever sent to it. */
    PartitionQueue queue(TopicPartition tp) {
        return queues.get(tp);
    }

    Collection<PartitionQueue> queues() {
        return queues.values();
    }

    /** Bytes of records not yet acknowledged (queued or in flight). */
    long bufferedBytes() {
        return bufferedBytes.get();
    }

    /** Records not yet acknowledged (queued or in flight). */
    long bufferedRecords() {
        return queuedRecords.get();
    }

}
