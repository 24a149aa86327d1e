package dev.kurier.client.producer.internals;

import dev.kurier.client.common.TopicPartition;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * One partition's batches: those waiting to be sent, oldest first, the last of which ({@link #open}) takes new
 * records; those in flight; and those waiting to be retried.
 *
 * <p>Senders append to {@link #open} without locks (see {@link ProducerBatch}); the monitor of this object is taken
 * only when a batch is added or taken out, once per batch. The fields below {@link #waiting} belong to the sender
 * thread.
 */
final class PartitionQueue {

    final TopicPartition partition;
    private final Pacer pacer;
    /** The batch accepting records, or null when the next record must start one. */
    volatile ProducerBatch open;
    /** Batches not yet sent, oldest first; guarded by this. */
    private final ArrayDeque<ProducerBatch> waiting = new ArrayDeque<>(4);
    /** {@code waiting.size()}, readable without the monitor (the sticky partitioner reads it). */
    private volatile int waitingCount;

    // sender thread only
    /** Batches sent and not answered yet, in send order. */
    final ArrayDeque<ProducerBatch> inFlight = new ArrayDeque<>(5);
    /** Batches that failed retriably, to go out again before anything newer, in their first send order. */
    final PriorityQueue<ProducerBatch> retries = new PriorityQueue<>(Comparator.comparingLong(b -> b.sendOrder));
    long retryAfterNanos;
    /** A batch encoded (and sequenced) for a request it did not fit in: it goes first in the next one. */
    ProducerBatch ready;
    /** Next idempotent sequence number for this partition under the current producer epoch. */
    int nextSequence;
    /** The producer-id generation {@link #nextSequence} belongs to. */
    int idGeneration;
    /** The last producer-id generation under which the broker acknowledged a batch of this partition; -1 for none. */
    int acknowledgedGeneration = -1;

    PartitionQueue(TopicPartition partition, Pacer pacer) {
        this.partition = partition;
        this.pacer = pacer;
    }

    /** Seals the open batch {@code b}, which is full: it joins the backlog of batches ready to go. Holds the monitor. */
    private void sealFull(ProducerBatch b) {
        b.seal();
        b.sealedFullNanos = pacer.clock().nanoTime();
        b.inBacklog = true;
        pacer.joined(b);
    }

    /**
     * Makes {@code fresh} the open batch if {@code full} (the batch a sender found without room, or null) still is, or
     * if there is none. Returns the open batch afterwards: {@code fresh} if it was installed, else the one another
     * sender installed first.
     */
    synchronized ProducerBatch roll(ProducerBatch full, ProducerBatch fresh) {
        ProducerBatch current = open;
        if (current != null && current != full) {
            return current;
        }
        if (current != null) {
            sealFull(current); // ready to send without waiting for linger.ms
        }
        waiting.addLast(fresh);
        waitingCount = waiting.size();
        open = fresh;
        return fresh;
    }

    /**
     * Seals {@code full} and stops appends to it if it still is the open batch (it leaves without waiting for
     * linger.ms; the next record for this partition starts a new batch). Returns whether it was.
     */
    synchronized boolean sealIfOpen(ProducerBatch full) {
        if (open != full) {
            return false;
        }
        sealFull(full);
        open = null;
        return true;
    }

    /** The oldest batch not yet sent, or null. */
    synchronized ProducerBatch peekWaiting() {
        return waiting.peekFirst();
    }

    /** Takes the oldest batch not yet sent; if it was the open one, the next record starts a new batch. */
    synchronized ProducerBatch pollWaiting() {
        ProducerBatch b = waiting.pollFirst();
        waitingCount = waiting.size();
        if (b != null && b == open) {
            open = null;
        }
        if (b != null && b.inBacklog) {
            b.inBacklog = false;
            pacer.left(b);
        }
        return b;
    }

    /**
     * How many waiting batches are ready to go as far as appends go: all but the open one, which counts only when it
     * is the oldest (then linger.ms or a flush made it sendable).
     */
    synchronized int sendableCount() {
        int n = waiting.size();
        return n > 1 && waiting.peekLast() == open ? n - 1 : n;
    }

    /** Batches waiting to be sent, the open one included; a recent value, read without locking. */
    int waitingBatches() {
        return waitingCount;
    }

    /** Whether batches wait to be sent; no locking, as {@link #waitingBatches}. */
    boolean hasWaiting() {
        return waitingCount > 0;
    }

    /** Whether nothing is queued, in flight or to be retried (sender thread). */
    boolean isIdle() {
        return inFlight.isEmpty() && retries.isEmpty() && ready == null && !hasWaiting();
    }
}
