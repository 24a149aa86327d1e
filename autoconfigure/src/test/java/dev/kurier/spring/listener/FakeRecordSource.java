package dev.kurier.spring.listener;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.errors.KurierException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link RecordSource} over a {@link FakeLog}: reads every partition from the resume offset or 0. */
final class FakeRecordSource implements RecordSource {

    private final FakeLog log;
    private final int maxPoll;
    private final AtomicInteger failOpens;
    private final AtomicBoolean woken = new AtomicBoolean();
    final Map<TopicPartition, Long> positions = new LinkedHashMap<>();
    volatile Map<TopicPartition, Long> committed = Map.of();
    volatile boolean closed;
    volatile Map<TopicPartition, Long> openedWith;
    /** Partitions to revoke at the next poll, on the poll thread, as a group source does in a rebalance. */
    volatile java.util.Collection<TopicPartition> revokeNext;
    /** What the container returned for the last revocation: the offsets a group source would commit. */
    volatile Map<TopicPartition, Long> revokedCommit;
    private AssignmentListener listener;
    /** When set, a poll blocks until it counts down (a stuck consumer). */
    volatile java.util.concurrent.CountDownLatch blockPolls;
    /** When set, every poll fails with it (an authorization error, a corrupt batch). */
    volatile RuntimeException failPolls;
    /** Partitions held back by the container (a full worker queue): polls skip them. */
    final java.util.Set<TopicPartition> held = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FakeRecordSource(FakeLog log, int maxPoll, int failingOpens) {
        this.log = log;
        this.maxPoll = maxPoll;
        this.failOpens = new AtomicInteger(failingOpens);
    }

    @Override
    public void open(Map<TopicPartition, Long> resumeFrom, AssignmentListener listener) {
        if (failOpens.getAndDecrement() > 0) {
            throw new KurierException("topic orders not available yet");
        }
        openedWith = Map.copyOf(resumeFrom);
        this.listener = listener;
        for (TopicPartition tp : log.partitions.keySet()) {
            positions.put(tp, resumeFrom.getOrDefault(tp, 0L));
        }
        listener.assigned(positions.keySet());
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        java.util.concurrent.CountDownLatch block = blockPolls;
        if (block != null) {
            try {
                block.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException fail = failPolls;
        if (fail != null) {
            throw fail;
        }
        java.util.Collection<TopicPartition> revoke = revokeNext;
        if (revoke != null) {
            revokeNext = null;
            revokedCommit = listener.revoked(revoke);
            synchronized (log) {
                revoke.forEach(positions::remove);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (log) {
            while (true) {
                if (woken.getAndSet(false)) {
                    throw new WakeupException();
                }
                Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> out = new LinkedHashMap<>();
                int n = 0;
                for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
                    if (held.contains(e.getKey())) {
                        continue;
                    }
                    List<ConsumerRecord<byte[], byte[]>> all = log.partitions.get(e.getKey());
                    long pos = e.getValue();
                    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                    while (pos < all.size() && n < maxPoll) {
                        batch.add(all.get((int) pos++));
                        n++;
                    }
                    if (!batch.isEmpty()) {
                        out.put(e.getKey(), batch);
                        e.setValue(pos);
                    }
                }
                if (n > 0) {
                    return new ConsumerRecords<>(out);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return ConsumerRecords.empty();
                }
                try {
                    log.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KurierException("interrupted", e);
                }
            }
        }
    }

    @Override
    public void pausePartitions(java.util.Collection<TopicPartition> partitions) {
        held.addAll(partitions);
    }

    @Override
    public void resumePartitions(java.util.Collection<TopicPartition> partitions) {
        held.removeAll(partitions);
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        synchronized (log) {
            positions.put(partition, offset);
        }
    }

    @Override
    public void seekToBeginning(java.util.Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> seek(tp, 0));
    }

    @Override
    public void seekToEnd(java.util.Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> seek(tp, log.end(tp)));
    }

    @Override
    public void refreshAssignment() {
    }

    @Override
    public Set<TopicPartition> assignment() {
        return positions.keySet();
    }

    @Override
    public void commit(Map<TopicPartition, Long> nextOffsets) {
        committed = Map.copyOf(nextOffsets);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets() {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : positions.keySet()) {
            out.put(tp, log.end(tp));
        }
        return out;
    }

    @Override
    public long position(TopicPartition partition) {
        synchronized (log) {
            return positions.get(partition);
        }
    }

    @Override
    public void wakeup() {
        woken.set(true);
        synchronized (log) {
            log.notifyAll();
        }
    }

    @Override
    public void close(Duration timeout) {
        closed = true;
    }

    @Override
    public String mode() {
        return "fake";
    }
}
