package dev.kurier.client.consumer.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.client.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The worker pool on its own: hand-out, parking and holding back, lanes by ordering, and stopping. */
class WorkerPoolTest {

    /** A task: {@code records} records of {@code tp}. */
    private record Task(TopicPartition tp, int records) {
    }

    private static final WorkerPool.TaskShape<Task> SHAPE = new WorkerPool.TaskShape<>() {
        @Override
        public int weight(Task t) {
            return t.records();
        }

        @Override
        public Collection<TopicPartition> partitions(Task t) {
            return List.of(t.tp());
        }
    };

    /** Records what the pool pauses and resumes. */
    private static final class Gate implements WorkerPool.Gate {
        final List<TopicPartition> paused = new CopyOnWriteArrayList<>();
        final List<TopicPartition> resumed = new CopyOnWriteArrayList<>();

        @Override
        public void pause(Collection<TopicPartition> partitions) {
            paused.addAll(partitions);
        }

        @Override
        public void resume(Collection<TopicPartition> partitions) {
            resumed.addAll(partitions);
        }
    }

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void aFullLaneParksItsTaskAndHoldsBackOnlyItsPartitionUntilThereIsRoom() throws Exception {
        WorkerPool<Task> pool = new WorkerPool<>("test", 2, false, 5, SHAPE);
        Gate gate = new Gate();
        // No threads: the queues fill and nobody takes.
        pool.handOut(0, new Task(P0, 5), gate);
        assertThat(pool.holding()).isFalse();
        pool.handOut(0, new Task(P0, 2), gate); // waits HANDOFF_WAIT, then parks
        assertThat(pool.holding()).isTrue();
        assertThat(pool.heldBack()).containsExactly(P0);
        assertThat(gate.paused).containsExactly(P0);
        pool.handOut(0, new Task(P0, 1), gate); // behind the parked one, in order, without another pause
        assertThat(gate.paused).containsExactly(P0);
        pool.handOut(1, new Task(P1, 3), gate); // the other lane is not held back
        assertThat(pool.queuedRecords(1)).isEqualTo(3);
        assertThat(pool.heldBack()).containsExactly(P0);

        assertThat(pool.unpark(t -> t, gate, true)).isEmpty(); // still no room
        assertThat(pool.lanes().get(0).queue().take()).isEqualTo(new Task(P0, 5));
        assertThat(pool.unpark(t -> t, gate, true)).containsExactly(P0);
        assertThat(gate.resumed).containsExactly(P0);
        assertThat(pool.holding()).isFalse();
        assertThat(pool.queuedRecords(0)).isEqualTo(3);
        assertThat(pool.lanes().get(0).queue().take()).isEqualTo(new Task(P0, 2));
        assertThat(pool.lanes().get(0).queue().take()).isEqualTo(new Task(P0, 1));
    }

    @Test
    void unparkDropsWhatIsNoLongerLiveAndReleasesItsPartitions() {
        WorkerPool<Task> pool = new WorkerPool<>("test", 1, false, 1, SHAPE);
        Gate gate = new Gate();
        pool.handOut(0, new Task(P0, 1), gate);
        pool.handOut(0, new Task(P1, 1), gate); // parked: P1 held back
        assertThat(pool.heldBack()).containsExactly(P1);
        // P1 was revoked meanwhile: its parked task goes, and P1 is released without waiting for room.
        assertThat(pool.unpark(t -> t.tp().equals(P1) ? null : t, gate, false)).containsExactly(P1);
        assertThat(gate.resumed).as("resume=false: the caller resumes").isEmpty();
        assertThat(pool.holding()).isFalse();
    }

    @Test
    void lanesFollowTheOrderingRule() {
        assertThat(WorkerPool.laneOf(Ordering.PARTITION, P0, "a", 4)).isEqualTo(WorkerPool.partitionLane(P0, 4));
        assertThat(WorkerPool.laneOf(Ordering.KEY, P0, "a".getBytes(), 4))
                .isEqualTo(WorkerPool.laneOf(Ordering.KEY, P1, "a".getBytes(), 4))
                .isEqualTo(Math.floorMod(java.util.Arrays.hashCode("a".getBytes()), 4));
        assertThat(WorkerPool.laneOf(Ordering.KEY, P1, null, 4)).as("no key: by partition")
                .isEqualTo(WorkerPool.partitionLane(P1, 4));
        assertThat(WorkerPool.laneOf(Ordering.NONE, P1, "a", 4)).as("one shared queue").isZero();
        assertThat(WorkerPool.laneOf(Ordering.KEY, P1, "a", 1)).isZero();
        assertThat(WorkerPool.partitionLane(P0, 2)).isNotEqualTo(WorkerPool.partitionLane(P1, 2));
    }

    @Test
    void workersRunTasksOnDaemonThreadsAndDrainTheirQueueOnStop() {
        WorkerPool<Task> pool = new WorkerPool<>("drain", 2, false, 10, SHAPE);
        AtomicInteger ran = new AtomicInteger();
        List<Boolean> daemons = new CopyOnWriteArrayList<>();
        AtomicInteger done = new AtomicInteger();
        pool.start(Thread::new, (lane, t) -> {
            daemons.add(Thread.currentThread().isDaemon());
            ran.addAndGet(t.records());
        }, done::incrementAndGet);
        Gate gate = new Gate();
        for (int i = 0; i < 6; i++) {
            pool.handOut(i % 2, new Task(i % 2 == 0 ? P0 : P1, 1), gate);
        }
        List<WorkerLane<Task>> stuck = new ArrayList<>();
        int dropped = pool.stop(System.nanoTime() + TimeUnit.SECONDS.toNanos(10), Duration.ofSeconds(1), stuck);
        assertThat(dropped).isZero();
        assertThat(stuck).isEmpty();
        assertThat(ran).hasValue(6);
        assertThat(done).hasValue(6);
        assertThat(daemons).containsOnly(true);
        assertThat(pool.lanes()).allSatisfy(l -> assertThat(l.thread().isAlive()).isFalse());
    }

    @Test
    void stopGivesUpOnAWorkerThatIgnoresInterruptsAndDropsWhatIsQueued() throws Exception {
        WorkerPool<Task> pool = new WorkerPool<>("stuck", 1, false, 10, SHAPE);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Boolean> abandonedSeen = new CopyOnWriteArrayList<>();
        pool.start(Thread::new, (lane, t) -> {
            entered.countDown();
            while (true) {
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    // ignores the interrupt, as a badly behaved listener would
                }
            }
            abandonedSeen.add(lane.abandoned());
        }, () -> { });
        Gate gate = new Gate();
        pool.handOut(0, new Task(P0, 1), gate);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        pool.handOut(0, new Task(P0, 4), gate); // queued behind the stuck one
        List<WorkerLane<Task>> stuck = new ArrayList<>();
        int dropped = pool.stop(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200), Duration.ofMillis(200), stuck);
        assertThat(dropped).isEqualTo(4);
        assertThat(stuck).hasSize(1);
        assertThat(stuck.get(0).abandoned()).isTrue();
        assertThat(stuck.get(0).thread().isDaemon()).as("cannot keep the JVM alive").isTrue();
        release.countDown();
        Eventually.waitFor(Duration.ofSeconds(5), "the stuck worker returns", () -> !stuck.get(0).thread().isAlive());
        assertThat(abandonedSeen).containsExactly(true);
    }
}
