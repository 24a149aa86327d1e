package dev.kurier.client.consumer.parallel;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.client.consumer.WakeupException;
import dev.kurier.client.errors.KurierException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's records processed by N worker threads (kafka-python's MultiProcessConsumer, in threads), on the
 * {@link WorkerPool} the Spring starter's listener containers use too. A poll thread fetches and hands each poll's
 * records to the workers in chunks (per partition, split by {@link Ordering}); a worker runs the handler per record
 * and acknowledges it, so commits (the consumer needs {@code acks.enabled=true}) advance only past records every
 * worker has finished. When a worker's queue stays full, only the partitions feeding it are paused (polling goes on,
 * so the group membership stays alive and the other workers keep getting records) until it drains.
 *
 * <p>Without a handler, records go to one queue instead and the application pulls them with
 * {@link #getMessages(int, boolean, Duration)} and acknowledges them itself with {@link #ack}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ParallelConsumer<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParallelConsumer.class);

    /** Processes one record on a worker thread. */
    @FunctionalInterface
    public interface RecordHandler<K, V> {
        /** Handles {@code record}; throwing logs the error and still acknowledges the record (no retry here). */
        void handle(ConsumerRecord<K, V> record) throws Exception;
    }

    /** Records of one partition for one worker, in offset order. */
    private record Chunk<K, V>(TopicPartition tp, List<ConsumerRecord<K, V>> records) {
    }

    private final Consumer<K, V> consumer;
    private final Ordering ordering;
    private final RecordHandler<K, V> handler;
    private final int queueCapacity;
    private final WorkerPool<Chunk<K, V>> pool;
    private final WorkerPool.Gate gate;
    private final Thread poller;
    private final AtomicReference<Throwable> pollFailure = new AtomicReference<>();
    private final AtomicLong handlerErrors = new AtomicLong();
    /** Pull mode: records of a chunk taken from the queue and not handed out yet. */
    private final ArrayDeque<ConsumerRecord<K, V>> pulled = new ArrayDeque<>();
    private volatile boolean running = true;

    private ParallelConsumer(Consumer<K, V> consumer, int workerCount, Ordering ordering, int queueCapacity,
                             RecordHandler<K, V> handler) {
        this.consumer = consumer;
        this.ordering = handler == null ? Ordering.PARTITION : ordering;
        this.handler = handler;
        this.queueCapacity = queueCapacity;
        int lanes = handler == null ? 1 : workerCount;
        this.pool = new WorkerPool<>("kurier-worker", lanes, this.ordering == Ordering.NONE && lanes > 1,
                queueCapacity, new WorkerPool.TaskShape<>() {
                    @Override
                    public int weight(Chunk<K, V> c) {
                        return c.records().size();
                    }

                    @Override
                    public Collection<TopicPartition> partitions(Chunk<K, V> c) {
                        return List.of(c.tp());
                    }
                });
        this.gate = new WorkerPool.Gate() {
            @Override
            public void pause(Collection<TopicPartition> partitions) {
                consumer.pause(partitions);
            }

            @Override
            public void resume(Collection<TopicPartition> partitions) {
                consumer.resume(partitions);
            }
        };
        this.poller = new Thread(this::pollLoop, "kurier-parallel-poller");
        poller.setDaemon(true);
    }

    /**
     * Starts processing {@code consumer}'s records (it must be subscribed or assigned, and have
     * {@code acks.enabled=true}) with {@code workers} threads calling {@code handler}.
     */
    public static <K, V> ParallelConsumer<K, V> start(Consumer<K, V> consumer, int workers, Ordering ordering,
                                                      int queueCapacity, RecordHandler<K, V> handler) {
        Objects.requireNonNull(handler, "handler");
        return start0(consumer, workers, ordering, queueCapacity, handler);
    }

    /** Starts fetching into one queue of {@code queueCapacity} records that {@link #getMessages} drains. */
    public static <K, V> ParallelConsumer<K, V> startPulling(Consumer<K, V> consumer, int queueCapacity) {
        return start0(consumer, 1, Ordering.PARTITION, queueCapacity, null);
    }

    /** The number of workers for {@code partitions} partitions at {@code partitionsPerWorker} each (the seed's option). */
    public static int workersFor(int partitions, int partitionsPerWorker) {
        if (partitionsPerWorker < 1) {
            throw new IllegalArgumentException("partitions.per.worker must be >= 1, got " + partitionsPerWorker);
        }
        return Math.max(1, (partitions + partitionsPerWorker - 1) / partitionsPerWorker);
    }

    private static <K, V> ParallelConsumer<K, V> start0(Consumer<K, V> consumer, int workers, Ordering ordering,
                                                       int queueCapacity, RecordHandler<K, V> handler) {
        if (workers < 1) {
            throw new IllegalArgumentException("num.workers must be >= 1, got " + workers);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be >= 1, got " + queueCapacity);
        }
        ParallelConsumer<K, V> p = new ParallelConsumer<>(consumer, workers, Objects.requireNonNull(ordering, "ordering"),
                queueCapacity, handler);
        if (handler != null) {
            p.pool.start(Thread::new, p::work, () -> { });
        }
        p.poller.start();
        return p;
    }

    private void pollLoop() {
        try {
            while (running) {
                pool.unpark(c -> c, gate, true);
                // While a worker's queue is backed up, poll briefly to hand its parked records on soon after.
                ConsumerRecords<K, V> records = consumer.poll(Duration.ofMillis(pool.holding() ? 20 : 100));
                for (TopicPartition tp : records.partitions()) {
                    handOut(tp, records.records(tp));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            pollFailure.set(e);
            log.error("parallel consumer: polling failed: {}", e.toString());
        }
    }

    /** Hands {@code rs} (of {@code tp}, in offset order) to the workers in chunks as the ordering says. */
    private void handOut(TopicPartition tp, List<ConsumerRecord<K, V>> rs) {
        int n = pool.lanes().size();
        switch (ordering) {
            case PARTITION -> slices(WorkerPool.partitionLane(tp, n), tp, rs, queueCapacity);
            // One shared queue: equal slices, so a partition's records still run on several workers at once.
            case NONE -> slices(0, tp, rs, Math.min(queueCapacity, Math.max(1, (rs.size() + n - 1) / n)));
            case KEY -> {
                List<List<ConsumerRecord<K, V>>> byLane = WorkerPool.byKey(tp, rs, n);
                for (int i = 0; i < n; i++) {
                    slices(i, tp, byLane.get(i), queueCapacity);
                }
            }
        }
    }

    private void slices(int lane, TopicPartition tp, List<ConsumerRecord<K, V>> rs, int slice) {
        for (int from = 0; from < rs.size(); from += slice) {
            pool.handOut(lane, new Chunk<>(tp, rs.subList(from, Math.min(rs.size(), from + slice))), gate);
        }
    }

    private void work(WorkerLane<Chunk<K, V>> lane, Chunk<K, V> chunk) {
        for (ConsumerRecord<K, V> r : chunk.records()) {
            if (lane.abandoned()) {
                return; // closed while this call ran: the rest stays unacknowledged, read again after a restart
            }
            try {
                handler.handle(r);
            } catch (Exception e) {
                handlerErrors.incrementAndGet();
                log.warn("handler failed on {} offset {}: {}", r.topicPartition(), r.offset(), e.toString());
            }
            consumer.ack(r);
        }
    }

    /**
     * Up to {@code count} records (pull mode): waits up to {@code timeout} for the first when {@code block}, otherwise
     * returns what is there. Acknowledge each with {@link #ack} once processed.
     */
    public List<ConsumerRecord<K, V>> getMessages(int count, boolean block, Duration timeout) {
        if (handler != null) {
            throw new IllegalStateException("getMessages is for a ParallelConsumer started with startPulling");
        }
        throwIfFailed();
        WeightedQueue<Chunk<K, V>> q = pool.lanes().get(0).queue();
        List<ConsumerRecord<K, V>> out = new ArrayList<>(Math.min(count, 1024));
        synchronized (pulled) {
            try {
                if (pulled.isEmpty() && block) {
                    Chunk<K, V> first = q.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                    if (first != null) {
                        pulled.addAll(first.records());
                    }
                }
                while (out.size() < count) {
                    if (pulled.isEmpty()) {
                        Chunk<K, V> next = q.poll(0, TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        pulled.addAll(next.records());
                    }
                    out.add(pulled.pollFirst());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return out;
    }

    /** Acknowledges a record pulled with {@link #getMessages}. Any thread. */
    public void ack(ConsumerRecord<K, V> record) {
        consumer.ack(record);
    }

    /** Handler failures so far (each was logged and its record acknowledged). */
    public long handlerErrors() {
        return handlerErrors.get();
    }

    /** Waits until every record handed out has been acknowledged. */
    public boolean waitEmpty(Duration timeout) {
        return consumer.waitEmpty(timeout);
    }

    private void throwIfFailed() {
        Throwable t = pollFailure.get();
        if (t != null) {
            throw new KurierException("the parallel consumer's poll thread failed: " + t.getMessage(), t);
        }
    }

    /** Which partitions the consumer reads (for diagnostics). */
    public Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    /**
     * Stops fetching, lets workers finish what is queued (up to {@code timeout}), then stops the threads; records not
     * processed by then stay unacknowledged. The consumer itself is not closed: close it afterwards so it commits the
     * acknowledged offsets and leaves its group.
     */
    public void close(Duration timeout) {
        running = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            poller.join(300); // most polls end within their 100 ms
            if (poller.isAlive()) {
                consumer.wakeup();
            }
            poller.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (handler != null) {
                List<WorkerLane<Chunk<K, V>>> stuck = new ArrayList<>();
                int dropped = pool.stop(deadline, Duration.ofSeconds(1), stuck);
                if (dropped > 0 || !stuck.isEmpty()) {
                    log.warn("parallel consumer: closed after {} ms with {} record(s) not processed{}; they stay "
                            + "unacknowledged", timeout.toMillis(), dropped, stuck.isEmpty() ? ""
                            : " and " + stuck.size() + " worker(s) still in the handler");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
