package dev.kurier.client.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When pacing starts and stops: only for a standing queue that the brokers drain but that does not shrink; never for a
 * burst, a stall, or a queue that shrinks by itself. The clock of the decisions is passed in, so the intervals are
 * exact; only the waiting itself runs in real time.
 */
class PacerTest {

    private static final int BATCH = 64 * 1024;
    /** Four partitions in use: one batch of each. */
    private static final long LIMIT = 4L * BATCH;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ProducerMetrics metrics = new ProducerMetrics();
    private final Pacer pacer = new Pacer(true, BATCH, 1024 * 1024, metrics);
    private final Deque<ProducerBatch> backlog = new ArrayDeque<>();
    private long now = 1_000_000_000L;

    @AfterEach
    void release() {
        backlog.forEach(ProducerBatch::release);
    }

    private void join(int batches) {
        for (int i = 0; i < batches; i++) {
            ProducerBatch b = new ProducerBatch(new TopicPartition("t", 0), UnpooledByteBufAllocator.DEFAULT, BATCH, BATCH,
                    0, 0);
            backlog.addLast(b);
            pacer.joined(b);
        }
    }

    /** The sender takes {@code batches} full batches, each having waited {@code sojournMs}. */
    private void take(int batches, long sojournMs) {
        for (int i = 0; i < batches; i++) {
            ProducerBatch b = backlog.pollFirst();
            pacer.left(b);
            pacer.sample(sojournMs * MS);
            b.release();
        }
    }

    private void endInterval() {
        now += Pacer.INTERVAL_NANOS;
        pacer.tick(now, 1, 4, 1);
    }

    /** A producer faster than its broker: the backlog stays put while the broker takes batches that waited long. */
    private void standingQueue() {
        pacer.tick(now, 1, 4, 1);
        join(40);
        take(10, 50);
        join(10);
        endInterval();
    }

    @Test
    void aStandingQueueThatDoesNotShrinkStartsPacing() {
        standingQueue();

        assertThat(pacer.active()).isTrue();
        assertThat(pacer.limit()).isEqualTo(LIMIT);
    }

    @Test
    void aBurstIsNotPaced() {
        pacer.tick(now, 1, 4, 1);
        join(100); // far above the limit, but batches still leave as soon as they are full
        take(20, 1);
        endInterval();

        assertThat(pacer.active()).isFalse();
    }

    /**
     * A request takes the oldest batch of every partition: the partition the sticky partitioner just moved to sends
     * its batch at once, so the quickest sojourn stays short however long the others wait. A backlog above the limit
     * at every look for a whole interval is a standing queue all the same.
     */
    @Test
    void aBacklogThatNeverFallsToTheLimitStartsPacingThoughSomeBatchesLeaveAtOnce() {
        pacer.tick(now, 1, 4, 1);
        join(40);
        endInterval(); // the first interval began with an empty queue: a burst, so far
        assertThat(pacer.active()).isFalse();
        for (int i = 0; i < 5; i++) {
            now += Pacer.INTERVAL_NANOS / 5;
            take(4, 0); // one of each partition, the freshest sent at once
            join(4);
            pacer.tick(now, 1, 4, 1);
        }
        endInterval();

        assertThat(pacer.active()).as("40 batches waited at every look, limit 4").isTrue();
    }

    /**
     * One interval as the sender sees it with the backlog empty: every partition's batch leaves at once, {@code
     * outstanding} requests at the broker at each of five looks 10 ms apart, and each answer taking {@code answerMs}.
     */
    private void requestsOutstanding(int outstanding, long answerMs) {
        requestsOutstanding(new int[] {outstanding, outstanding, outstanding, outstanding, outstanding}, answerMs);
    }

    /** Looks 10 ms apart with the backlog empty, {@code outstandingAtEachLook} requests at the broker at each. */
    private void requestsOutstanding(int[] outstandingAtEachLook, long answerMs) {
        for (int outstanding : outstandingAtEachLook) {
            now += Pacer.INTERVAL_NANOS / 5;
            join(1);
            take(1, 0);
            if (answerMs > 0) {
                pacer.answered(answerMs * MS);
            }
            pacer.tick(now, 1, 4, outstanding);
        }
    }

    /** Quick answers while one request at a time was outstanding: the broker's time with no queue. */
    private void quickAnswers(long answerMs) {
        pacer.tick(now, 1, 4, 1);
        requestsOutstanding(1, answerMs);
        assertThat(pacer.active()).isFalse();
    }

    /**
     * With five requests allowed in flight, the queue can stand at the broker while the backlog stays empty: the broker
     * handles one request of a connection at a time, so the others wait there and every answer takes longer.
     */
    @Test
    void requestsQueuedAtTheBrokerStartPacingThoughTheBacklogIsEmpty() {
        quickAnswers(3);
        requestsOutstanding(5, 20);
        assertThat(pacer.active()).as("40 ms of queue so far").isFalse();

        requestsOutstanding(5, 20);

        assertThat(pacer.active()).as("5 requests outstanding at every look, answers 20 ms against 3").isTrue();
    }

    /** The queue's time is counted from the look it formed, not from an interval's start: no interval is lost. */
    @Test
    void requestsQueuedAtTheBrokerStartPacingAnIntervalAfterTheQueueFormed() {
        quickAnswers(3);
        now += 30 * MS;
        pacer.tick(now, 1, 4, 1);

        for (int look = 0; look <= 5; look++) { // the queue forms 40 ms into an interval
            requestsOutstanding(new int[] {5}, 20);
            assertThat(pacer.active()).as("%d ms after the queue formed", look * 10).isEqualTo(look == 5);
        }
    }

    /** A distant broker: requests are many in flight because the network is long, not because they queue there. */
    @Test
    void manyRequestsInFlightToADistantBrokerAreNotPaced() {
        quickAnswers(20);

        requestsOutstanding(5, 25);
        requestsOutstanding(5, 25);

        assertThat(pacer.active()).as("answers as quick as ever").isFalse();
    }

    @Test
    void aLookWithFewRequestsOutstandingStartsTheQueuesTimeOver() {
        quickAnswers(3);
        requestsOutstanding(new int[] {5, 5, 5, 5, 2}, 20); // 30 ms of queue, then the broker caught up
        requestsOutstanding(new int[] {5, 5, 5, 5, 5}, 20); // the queue formed again: 40 ms of it
        assertThat(pacer.active()).as("40 ms since two were outstanding").isFalse();

        requestsOutstanding(new int[] {5}, 20);

        assertThat(pacer.active()).as("50 ms since two were outstanding").isTrue();
    }

    @Test
    void aStalledBrokerWithRequestsOutstandingIsNotPaced() {
        quickAnswers(3);

        requestsOutstanding(5, 0); // no answer in two whole intervals
        requestsOutstanding(5, 0);

        assertThat(pacer.active()).isFalse();
    }

    @Test
    void theQuickestAnswerIsForgottenAfterTheBaseWindow() {
        quickAnswers(1);
        for (long t = 0; t < Pacer.BASE_WINDOW_NANOS; t += Pacer.INTERVAL_NANOS) {
            requestsOutstanding(1, 12); // the broker moved away, or got slower for good
        }

        requestsOutstanding(5, 20);
        requestsOutstanding(5, 20);

        assertThat(pacer.active()).as("20 ms against 12 ms, the quickest of the last window").isFalse();
    }

    @Test
    void aQueueThatShrinksByItselfIsNotPaced() {
        pacer.tick(now, 1, 4, 1);
        join(60); // left by a stall; the producer is slower than the broker, so it drains
        endInterval();
        take(20, 200);
        join(5);
        endInterval();

        assertThat(pacer.active()).as("backlog fell from 60 to 45 batches, more than the limit").isFalse();
    }

    @Test
    void aStallDoesNotStartPacing() {
        pacer.tick(now, 1, 4, 1);
        join(40); // nothing leaves: the broker stalled
        endInterval();
        join(40);
        endInterval();

        assertThat(pacer.active()).isFalse();
    }

    @Test
    void aPacedProducerStaysPacedThroughAStall() {
        standingQueue();
        endInterval(); // no batch left in a whole interval

        assertThat(pacer.active()).isTrue();
    }

    /** Ends intervals in which the backlog stays low and nobody waits, until pacing stops or {@code max} passed. */
    private int quietIntervals(int max) {
        int n = 0;
        while (pacer.active() && n < max) {
            join(1);
            take(1, 1);
            endInterval();
            n++;
        }
        return n;
    }

    @Test
    void aProducerThatNoLongerFillsHalfItsShareIsNoLongerPaced() {
        standingQueue();
        take(39, 40);
        endInterval();
        assertThat(pacer.active()).as("the interval began with 40 batches waiting").isTrue();

        int quiet = quietIntervals(100);

        assertThat(pacer.active()).as("at most 1 batch waited, limit 4, nobody waited").isFalse();
        assertThat(quiet * Pacer.INTERVAL_NANOS).as("quiet for QUIET_NANOS, not less")
                .isBetween(Pacer.QUIET_NANOS, Pacer.QUIET_NANOS + Pacer.INTERVAL_NANOS);
    }

    /** A short backlog proves nothing while threads wait for it to be short: letting them go would rebuild the queue. */
    @Test
    void aProducerWhoseThreadsWaitStaysPacedHoweverShortTheBacklog() throws InterruptedException {
        standingQueue();
        take(40, 40);
        for (int i = 0; i < 2 * Pacer.QUIET_NANOS / Pacer.INTERVAL_NANOS; i++) {
            join(6); // above the limit of 4: the next sending thread waits, until the sender takes them
            Thread waiter = new Thread(() -> {
                try {
                    pacer.awaitTurn(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.isAlive()) {
                Thread.onSpinWait(); // until it waits for its turn
            }
            take(6, 1);
            waiter.join();
            endInterval();
        }
        assertThat(pacer.active()).isTrue();
        assertThat(metrics.pacedWaits()).isEqualTo(2 * Pacer.QUIET_NANOS / Pacer.INTERVAL_NANOS);
    }

    /** A thread descheduled (or a collection) for a moment is not a slower producer: pacing holds through it. */
    @Test
    void aQuietMomentShorterThanQuietNanosKeepsPacing() {
        standingQueue();
        take(40, 40);
        endInterval();
        endInterval(); // one quiet interval
        assertThat(pacer.active()).isTrue();
        join(6);
        take(1, 40);
        endInterval(); // busy again: the quiet period starts over
        take(5, 40);
        quietIntervals((int) (Pacer.QUIET_NANOS / Pacer.INTERVAL_NANOS) - 1);
        assertThat(pacer.active()).isTrue();
    }

    @Test
    void theLimitIsABatchPerPartitionInUseAndAtMostAMaxRequestPerBroker() {
        pacer.tick(now, 1, 40, 1);
        now += Pacer.INTERVAL_NANOS;
        pacer.tick(now, 1, 40, 1);
        assertThat(pacer.limit()).isEqualTo(1024 * 1024);

        now += Pacer.INTERVAL_NANOS;
        pacer.tick(now, 3, 40, 1);
        assertThat(pacer.limit()).isEqualTo(40L * BATCH);

        now += Pacer.INTERVAL_NANOS;
        pacer.tick(now, 1, 1, 1);
        assertThat(pacer.limit()).as("never below two batches").isEqualTo(2L * BATCH);
    }

    @Test
    void aPacedSenderWaitsUntilTheBacklogIsDownToTheLimit() throws Exception {
        standingQueue();
        CompletableFuture<Long> waited = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            long start = System.nanoTime();
            try {
                pacer.awaitTurn(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
                waited.complete(System.nanoTime() - start);
            } catch (InterruptedException e) {
                waited.completeExceptionally(e);
            }
        });
        sender.start();
        dev.kurier.client.testing.Eventually.waitFor(java.time.Duration.ofSeconds(5), "the sender waiting its turn",
                () -> sender.getState() == Thread.State.TIMED_WAITING || sender.getState() == Thread.State.WAITING);
        assertThat(waited).as("40 batches waiting, limit 4").isNotDone();
        take(35, 50);
        assertThat(waited).as("5 batches still above the limit of 4").isNotDone();
        take(1, 50);

        assertThat(waited.get(5, TimeUnit.SECONDS)).isPositive();
        assertThat(metrics.pacedWaits()).isEqualTo(1);
        assertThat(metrics.pacedMillis()).isPositive();
    }

    @Test
    void onceStoppedNothingWaitsHoweverLongTheQueue() throws InterruptedException {
        standingQueue();
        take(39, 40);
        endInterval();
        quietIntervals(100); // at most 2 batches for QUIET_NANOS: the producer is slower than the broker now
        assertThat(pacer.active()).isFalse();
        join(20); // a burst

        pacer.awaitTurn(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));

        assertThat(metrics.pacedWaits()).isZero();
    }

    @Test
    void aWaitNeverOutlastsTheDeadlineAndNeverFails() throws InterruptedException {
        standingQueue();
        long start = System.nanoTime();

        pacer.awaitTurn(start + TimeUnit.MILLISECONDS.toNanos(50));

        long took = System.nanoTime() - start;
        assertThat(took).isBetween(TimeUnit.MILLISECONDS.toNanos(45), TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void theSenderThreadAndZeroMaxBlockNeverWait() throws InterruptedException {
        standingQueue();

        pacer.awaitTurn(System.nanoTime()); // max.block.ms=0: the deadline is now
        pacer.exempt(Thread.currentThread());
        pacer.awaitTurn(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));

        assertThat(metrics.pacedWaits()).isZero();
    }

    @Test
    void disabledPacingNeverStarts() {
        Pacer off = new Pacer(false, BATCH, 1024 * 1024, metrics);
        off.tick(now, 1, 4, 1);
        for (int i = 0; i < 40; i++) {
            ProducerBatch b = new ProducerBatch(new TopicPartition("t", 0), UnpooledByteBufAllocator.DEFAULT, BATCH,
                    BATCH, 0, 0);
            off.joined(b);
            b.release();
        }
        off.sample(100 * MS);
        off.tick(now + Pacer.INTERVAL_NANOS, 1, 4, 1);

        assertThat(off.active()).isFalse();
    }
}
