package dev.kurier.client.consumer;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.errors.KurierException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's records processed by N worker threads (kafka-python's MultiProcessConsumer, in threads). A poll
 * thread fetches and dispatches records to bounded per-worker queues by {@link Ordering}; a worker runs the handler
 * and acknowledges the record, so commits (the consumer needs {@code acks.enabled=true}) advance only past records
 * every worker has finished. When queues are full, the poll thread pauses fetching (and keeps polling, so the group
 * membership stays alive) until they drain.
 *
 * <p>Without a handler, records go to one shared queue instead and the application pulls them with
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

    private final Consumer<K, V> consumer;
    private final Ordering ordering;
    private final RecordHandler<K, V> handler;
    private final List<BlockingQueue<ConsumerRecord<K, V>>> queues = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Thread poller;
    private final AtomicLong roundRobin = new AtomicLong();
    private final AtomicReference<Throwable> pollFailure = new AtomicReference<>();
    private final AtomicLong handlerErrors = new AtomicLong();
    private volatile boolean running = true;

    private ParallelConsumer(Consumer<K, V> consumer, int workerCount, Ordering ordering, int queueCapacity,
                             RecordHandler<K, V> handler) {
        this.consumer = consumer;
        this.ordering = ordering;
        this.handler = handler;
        int lanes = handler == null ? 1 : workerCount;
        for (int i = 0; i < lanes; i++) {
            queues.add(new ArrayBlockingQueue<>(queueCapacity));
        }
        if (handler != null) {
            for (int i = 0; i < workerCount; i++) {
                BlockingQueue<ConsumerRecord<K, V>> q = queues.get(i);
                Thread t = new Thread(() -> work(q), "kurier-worker-" + i);
                t.setDaemon(true);
                workers.add(t);
            }
        }
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
        return start0(consumer, 1, Ordering.NONE, queueCapacity, null);
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
        ParallelConsumer<K, V> p = new ParallelConsumer<>(consumer, workers, ordering, queueCapacity, handler);
        p.workers.forEach(Thread::start);
        p.poller.start();
        return p;
    }

    private void pollLoop() {
        // Per lane, records that did not fit its queue yet; later records of a lane wait behind them (order).
        List<java.util.ArrayDeque<ConsumerRecord<K, V>>> backlogs = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            backlogs.add(new java.util.ArrayDeque<>());
        }
        try {
            while (running) {
                boolean blocked = false;
                for (int lane = 0; lane < queues.size(); lane++) {
                    java.util.ArrayDeque<ConsumerRecord<K, V>> backlog = backlogs.get(lane);
                    while (!backlog.isEmpty() && queues.get(lane).offer(backlog.peekFirst())) {
                        backlog.pollFirst();
                    }
                    blocked |= !backlog.isEmpty();
                }
                // While any lane is backed up, fetching is paused but polling goes on (group membership stays alive).
                if (blocked) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(blocked ? 20 : 100))) {
                    int lane = laneOf(r);
                    java.util.ArrayDeque<ConsumerRecord<K, V>> backlog = backlogs.get(lane);
                    if (!backlog.isEmpty() || !queues.get(lane).offer(r)) {
                        backlog.addLast(r);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            pollFailure.set(e);
            log.error("parallel consumer: polling failed: {}", e.toString());
        }
    }

    private int laneOf(ConsumerRecord<K, V> r) {
        return switch (ordering) {
            case PARTITION -> Math.floorMod(r.topicPartition().hashCode(), queues.size());
            case KEY -> Math.floorMod(r.key() instanceof byte[] b ? Arrays.hashCode(b) : Objects.hashCode(r.key()),
                    queues.size());
            case NONE -> (int) (roundRobin.getAndIncrement() % queues.size());
        };
    }

    private void work(BlockingQueue<ConsumerRecord<K, V>> queue) {
        while (running || !queue.isEmpty()) {
            ConsumerRecord<K, V> r;
            try {
                r = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (r == null) {
                continue;
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
        List<ConsumerRecord<K, V>> out = new ArrayList<>(Math.min(count, 1024));
        BlockingQueue<ConsumerRecord<K, V>> q = queues.get(0);
        try {
            if (block) {
                ConsumerRecord<K, V> first = q.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    return out;
                }
                out.add(first);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out;
        }
        q.drainTo(out, count - out.size());
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
    public java.util.Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    /**
     * Stops fetching, lets workers finish what is queued (up to {@code timeout}), then stops the threads. The consumer
     * itself is not closed: close it afterwards so it commits the acknowledged offsets and leaves its group.
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
            for (Thread w : workers) {
                w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
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
