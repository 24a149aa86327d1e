package dev.kurier.spring.listener;

import dev.kurier.client.consumer.internals.OffsetTracker;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Acknowledgements of one batch listener call's records, in order: a batch is processed front to back (a
 * {@link BatchFailure} at index i acknowledges the records before i, a recovered record acknowledges itself), so
 * what is acknowledged is always a prefix, and each record is acknowledged exactly once however the prefix grows
 * (the listener's own acknowledgements in MANUAL mode, the container's after success or recovery).
 *
 * <p>The batch's records are its chunks' records one after the other (one chunk per partition); a chunk wholly
 * inside a newly acknowledged range is acknowledged in one call.
 */
final class BatchAcks {

    private final List<OffsetTracker.Chunk> chunks;
    private final int[] starts;
    private final int size;
    private final AtomicInteger upTo = new AtomicInteger();
    /** A nack during the current call: the index in the call's list, and the sleep; -1 for none. */
    private volatile int nackIndex = -1;
    private volatile java.time.Duration nackSleep;

    BatchAcks(List<OffsetTracker.Chunk> chunks) {
        this.chunks = chunks;
        this.starts = new int[chunks.size()];
        int at = 0;
        for (int i = 0; i < chunks.size(); i++) {
            starts[i] = at;
            at += chunks.get(i).size();
        }
        this.size = at;
    }

    /** The records of the batch. */
    int size() {
        return size;
    }

    /** Records {@code [0, end)} are processed; those acknowledged before are not again. */
    void acknowledgeUpTo(int end) {
        int to = Math.min(end, size);
        while (true) {
            int from = upTo.get();
            if (to <= from) {
                return;
            }
            if (upTo.compareAndSet(from, to)) {
                acknowledge(from, to);
                return;
            }
        }
    }

    private void acknowledge(int from, int to) {
        for (int c = 0; c < chunks.size(); c++) {
            OffsetTracker.Chunk chunk = chunks.get(c);
            int start = starts[c];
            int end = start + chunk.size();
            if (end <= from || start >= to) {
                continue;
            }
            if (start >= from && end <= to) {
                chunk.acknowledgedAll(); // untouched before: acknowledgements only ever grow the prefix
                continue;
            }
            for (int i = Math.max(from, start); i < Math.min(to, end); i++) {
                chunk.acknowledged(i - start);
            }
        }
    }

    /** The index (in the call's list) of a nack during the call, clearing it; -1 when there was none. */
    int takeNack() {
        int i = nackIndex;
        nackIndex = -1;
        return i;
    }

    /** The sleep of the last nack. */
    java.time.Duration nackSleep() {
        return nackSleep;
    }

    /** An {@link Acknowledgment} for records {@code [from, to)} of the batch, as given to one listener call. */
    Acknowledgment range(int from, int to) {
        return new Acknowledgment() {
            @Override
            public void acknowledge() {
                acknowledgeUpTo(to);
            }

            @Override
            public void acknowledge(int index) {
                if (index < 0 || from + index >= to) {
                    throw new IndexOutOfBoundsException("index " + index + " of a batch of " + (to - from));
                }
                acknowledgeUpTo(from + index + 1);
            }

            @Override
            public void nack(java.time.Duration sleep) {
                nack(0, sleep);
            }

            @Override
            public void nack(int index, java.time.Duration sleep) {
                if (index < 0 || from + index >= to) {
                    throw new IndexOutOfBoundsException("index " + index + " of a batch of " + (to - from));
                }
                acknowledgeUpTo(from + index); // those before it are processed
                nackSleep = java.util.Objects.requireNonNull(sleep, "sleep");
                nackIndex = index;
            }
        };
    }
}
