package dev.kurier.client.producer.internals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a producer that persistently outruns its brokers from queueing {@code buffer.memory}'s worth of records
 * ({@code enable.pacing}).
 *
 * <p><b>Why.</b> When records are sent faster than the brokers take them, the queue grows until {@code buffer.memory}
 * is full and {@code send} blocks anyway; from then on every record waits behind the whole buffer (32 MB is about a
 * second of 100-byte records), and the live records cost the collector on every young GC. A full queue adds latency and
 * memory but no throughput: the brokers were the limit all along.
 *
 * <p><b>How.</b> Two queues count: full batches that wait to be sent (the <em>backlog</em>) and produce requests
 * outstanding at a broker. The sender thread samples how long each full batch waited before it went out and how long
 * each request took to be answered, and every {@link #INTERVAL_NANOS} it decides, in the manner of CoDel:
 * <ul>
 *   <li>pacing <b>starts</b> on a standing queue (not a burst, and not a stall's queue draining by itself), either
 *       <ul>
 *         <li>in the producer, decided at the end of each interval: full batches did go out, even the quickest of
 *             them waited longer than {@link #TARGET_NANOS} or the backlog was above {@link #limit()} at every look,
 *             and the backlog is above the limit now and did not shrink by as much as the limit over the interval;
 *             or</li>
 *         <li>at a broker, decided at every look: more than {@link #PACED_REQUESTS_PER_BROKER} requests have been
 *             outstanding at every look for an interval, counted from the look they first were; answers came, and
 *             even the quickest since took twice the quickest of the last {@link #BASE_WINDOW_NANOS} or more; and
 *             the backlog did not shrink by as much as the limit meanwhile. A broker handles one request of a
 *             connection at a time, so the others wait there; with five allowed in flight and up to a
 *             {@code max.request.size} each, that queue holds many times the backlog's limit while the backlog stays
 *             empty (a trace showed 200-300 ms of 4-5 requests in flight, answers taking 20-40 ms against 3-7 ms
 *             before, and no backlog). The latency test tells it from a distant broker, whose requests are many in
 *             flight because the network is long, not because they queue;</li>
 *       </ul></li>
 *   <li>pacing <b>stops</b> when, for {@link #QUIET_NANOS}, no sending thread had to wait and the backlog stayed at
 *       or below half the limit: the sending threads have become slower than the brokers. A low backlog alone proves
 *       nothing while threads wait: it is low because they wait, and letting them go would only rebuild the queue
 *       (the producer would swing between bursts and waits, and the bursts' records would queue for 100 ms and
 *       more each time).</li>
 * </ul>
 * The interval is short (50 ms) because a producer that outruns its brokers twice over queues as much in one interval
 * as the brokers then take an interval to drain: the first interval's records pay it in latency.
 *
 * <p><b>While pacing</b>, the sender keeps at most {@link #PACED_REQUESTS_PER_BROKER} requests in flight per broker,
 * and a sending thread that needs a new batch waits until the backlog is at or below the limit:
 * one batch per partition in use (a request takes one of each), at most one {@code max.request.size} per broker. It
 * waits at most until its {@code max.block.ms} deadline, and then goes on to the {@code buffer.memory} check, which
 * alone may fail a send.
 *
 * <p><b>Stalls.</b> A broker stall does not start pacing (nothing goes out, so nothing is learnt), and
 * {@code buffer.memory} absorbs it as without pacing. A producer that was already paced stays paced through a stall:
 * it was outrunning the brokers, so it would have filled {@code buffer.memory} within moments anyway, and every record
 * queued then would wait out the stall and the whole queue after it.
 *
 * <p><b>Never paced:</b> a producer the brokers keep up with, a burst that ends before the interval does, a producer
 * whose queue shrinks on its own after a stall, the sender thread (it runs delivery callbacks, which may send), and
 * {@code max.block.ms=0}.
 */
final class Pacer {

    /** How long a standing queue must last before pacing starts, and how often the decision is taken again. */
    private final dev.kurier.client.common.Clock clock;
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** A full batch that goes out within this time means there was no standing queue ahead of it. */
    static final long TARGET_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * How long a paced producer must be quiet before pacing stops: a thread that was descheduled or collected for an
     * interval is not yet a slower producer, and stopping too early lets it burst into a queue of 100 ms and more.
     */
    static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Requests in flight per broker while the producer is paced: one the broker handles, one waiting behind it. */
    static final int PACED_REQUESTS_PER_BROKER = 2;
    /** How long the quickest answer seen stays the yardstick for a broker with no queue (then the next window's). */
    static final long BASE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MAX_WAIT_MILLIS = 10;

    private final boolean enabled;
    private final long batchSize;
    private final long maxRequestSize;
    private final AtomicLong backlogBytes = new AtomicLong();
    private final AtomicInteger waiters = new AtomicInteger();
    /** Waits begun since the current interval started. */
    private final AtomicInteger waitsInInterval = new AtomicInteger();
    private final Object turn = new Object();
    private final ProducerMetrics metrics;
    private volatile boolean active;
    private volatile long limit;
    private volatile Thread exempt;

    // sender thread only
    private long intervalStart = Long.MIN_VALUE;
    private long backlogAtStart;
    private long maxBacklog;
    private long minBacklog;
    private long minSojourn = Long.MAX_VALUE;
    private int samples;
    /** Since when more requests than a paced producer keeps have been outstanding at a broker at every look. */
    private long queuedSince = Long.MIN_VALUE;
    private long backlogWhenQueued;
    private long quickestSinceQueued = Long.MAX_VALUE;
    /** The quickest answer of the current and of the previous half of {@link #BASE_WINDOW_NANOS}. */
    private long quickestAnswer = Long.MAX_VALUE;
    private long previousQuickestAnswer = Long.MAX_VALUE;
    private long answerWindowStart = Long.MIN_VALUE;
    /** Since when (the clock's nanoTime) a paced producer has been quiet: no waits and a backlog at most half the limit. */
    private long quietSince = Long.MIN_VALUE;

    /**
     * @param enabled        {@code enable.pacing}
     * @param batchSize      {@code batch.size}
     * @param maxRequestSize {@code max.request.size}
     */
    Pacer(boolean enabled, int batchSize, int maxRequestSize, ProducerMetrics metrics) {
        this(enabled, batchSize, maxRequestSize, metrics, dev.kurier.client.common.Clock.SYSTEM);
    }

    Pacer(boolean enabled, int batchSize, int maxRequestSize, ProducerMetrics metrics,
          dev.kurier.client.common.Clock clock) {
        this.clock = clock;
        this.enabled = enabled;
        this.batchSize = batchSize;
        this.maxRequestSize = maxRequestSize;
        this.limit = 2L * batchSize;
        this.metrics = metrics;
    }

    /** The producer's clock. */
    dev.kurier.client.common.Clock clock() {
        return clock;
    }

    /** A full batch joined the backlog (it waits to be sent). */
    void joined(ProducerBatch b) {
        backlogBytes.addAndGet(b.reservedBytes);
    }

    /** A full batch left the backlog (the sender took it, or it expired or failed). */
    void left(ProducerBatch b) {
        long now = backlogBytes.addAndGet(-b.reservedBytes);
        if (waiters.get() > 0 && now <= limit) {
            wakeAll();
        }
    }

    /**
     * Called by a sending thread before it starts a batch: while pacing, waits until the backlog is down to the limit,
     * the producer stops pacing, or {@code deadlineNanos} passes.
     */
    void awaitTurn(long deadlineNanos) throws InterruptedException {
        if (!active || backlogBytes.get() <= limit || Thread.currentThread() == exempt
                || deadlineNanos - clock.nanoTime() <= 0) {
            return;
        }
        long start = clock.nanoTime();
        waitsInInterval.incrementAndGet();
        waiters.incrementAndGet();
        try {
            synchronized (turn) {
                while (active && backlogBytes.get() > limit) {
                    long left = deadlineNanos - clock.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    turn.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), MAX_WAIT_MILLIS)));
                }
            }
        } finally {
            waiters.decrementAndGet();
            metrics.paced(clock.nanoTime() - start);
        }
    }

    /** The thread that must never wait here: the sender, which runs delivery callbacks. */
    void exempt(Thread senderThread) {
        this.exempt = senderThread;
    }

    /** Sender thread: a full batch is being sent after waiting {@code sojournNanos} since it filled. */
    void sample(long sojournNanos) {
        samples++;
        if (sojournNanos < minSojourn) {
            minSojourn = sojournNanos;
        }
    }

    /** Sender thread: a broker answered a produce request {@code latencyNanos} after it was sent. */
    void answered(long latencyNanos) {
        if (latencyNanos < quickestSinceQueued) {
            quickestSinceQueued = latencyNanos;
        }
        if (latencyNanos < quickestAnswer) {
            quickestAnswer = latencyNanos;
        }
    }

    /**
     * Sender thread, once per pass: starts pacing on a queue of requests that stood at a broker, and at the end of
     * each interval starts or stops it on the backlog and the sending threads' waits.
     *
     * @param brokers     brokers with requests outstanding
     * @param partitions  partitions with batches waiting or in flight
     * @param outstanding the most requests outstanding at one broker now
     */
    void tick(long now, int brokers, int partitions, int outstanding) {
        if (!enabled) {
            return;
        }
        long backlog = backlogBytes.get();
        if (intervalStart == Long.MIN_VALUE) {
            answerWindowStart = now;
            startInterval(now, backlog);
            return;
        }
        if (brokerQueueStood(now, outstanding, backlog) && !active) {
            active = true;
        }
        maxBacklog = Math.max(maxBacklog, backlog);
        minBacklog = Math.min(minBacklog, backlog);
        if (now - intervalStart < INTERVAL_NANOS) {
            return;
        }
        // A request carries one batch per partition: a batch of each partition in use is what the next requests can
        // take, anything beyond only waits. At most a max.request.size per broker, at least two batches.
        long lim = Math.max(2 * batchSize, Math.min(partitions * batchSize, Math.max(1, brokers) * maxRequestSize));
        limit = lim;
        if (!active) {
            // A request takes the oldest batch of every partition, so a partition with nothing queued sends its batch
            // at once however long the others' queues: a backlog that never fell to the limit is a standing queue too.
            boolean standing = (minSojourn > TARGET_NANOS || minBacklog > lim) && backlog > lim;
            if (samples > 0 && standing && backlog > backlogAtStart - lim) {
                active = true;
            }
        } else if (waitsInInterval.get() == 0 && maxBacklog <= lim / 2) {
            // No thread waited, and they no longer fill half of what they may queue: they are slower than the brokers.
            if (quietSince == Long.MIN_VALUE) {
                quietSince = intervalStart;
            }
            if (now - quietSince >= QUIET_NANOS) {
                active = false;
                quietSince = Long.MIN_VALUE;
                wakeAll();
            }
        } else {
            quietSince = Long.MIN_VALUE;
        }
        if (now - answerWindowStart >= BASE_WINDOW_NANOS / 2) {
            previousQuickestAnswer = quickestAnswer;
            quickestAnswer = Long.MAX_VALUE;
            answerWindowStart = now;
        }
        startInterval(now, backlog);
    }

    /**
     * Whether requests have queued at a broker for an interval, counted from when the queue formed: more were
     * outstanding at every look than a paced producer keeps, even the quickest answer since took twice the quickest of
     * late, and the backlog did not shrink by the limit meanwhile (as a stall's queue draining by itself does).
     */
    private boolean brokerQueueStood(long now, int outstanding, long backlog) {
        if (outstanding <= PACED_REQUESTS_PER_BROKER) {
            queuedSince = Long.MIN_VALUE;
            return false;
        }
        if (queuedSince == Long.MIN_VALUE) {
            queuedSince = now;
            backlogWhenQueued = backlog;
            quickestSinceQueued = Long.MAX_VALUE;
            return false;
        }
        long base = Math.min(quickestAnswer, previousQuickestAnswer);
        return now - queuedSince >= INTERVAL_NANOS && quickestSinceQueued != Long.MAX_VALUE
                && quickestSinceQueued / 2 >= base && backlog > backlogWhenQueued - limit;
    }

    private void startInterval(long now, long backlog) {
        intervalStart = now;
        backlogAtStart = backlog;
        maxBacklog = backlog;
        minBacklog = backlog;
        minSojourn = Long.MAX_VALUE;
        samples = 0;
        waitsInInterval.set(0);
    }

    private void wakeAll() {
        synchronized (turn) {
            turn.notifyAll();
        }
    }

    /** Whether sending threads are being paced now. */
    boolean active() {
        return active;
    }

    /** Bytes (batch capacity) of full batches waiting to be sent. */
    long backlogBytes() {
        return backlogBytes.get();
    }

    /** The backlog a paced producer keeps. */
    long limit() {
        return limit;
    }
}
