package dev.kurier.spring.listener;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecords;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.client.consumer.Ordering;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Container paths that need a source behaving like a group member: back-pressure when the hand-off queue is full
 * (pause, keep polling, resume, lose nothing) and lost partitions (the member was fenced).
 */
class ListenerContainerFlowTest {

    private static final String T = "orders";
    /** Queue capacity 4 per worker, poll timeout 50 ms. */
    private static final ContainerSettings SMALL_QUEUE = new ContainerSettings(Duration.ofMillis(50),
            Duration.ofSeconds(5), 4, Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(20));

    private final List<ListenerContainer> containers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        containers.forEach(ListenerContainer::stop);
    }

    /**
     * A group-like source over a {@link FakeRecordSource}: {@link #pause()} asks to keep polling (as a group member
     * must) and paused polls return nothing; the test can make it lose its partitions inside the next poll, as the
     * client's consumer does when the member was fenced (then it rejoins, reading from the committed offsets).
     */
    static final class GroupLikeSource implements RecordSource {
        final FakeRecordSource delegate;
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();
        final AtomicInteger pausedPolls = new AtomicInteger();
        final AtomicInteger polls = new AtomicInteger();
        final AtomicBoolean loseNext = new AtomicBoolean();
        final List<Map<TopicPartition, Long>> commits = new CopyOnWriteArrayList<>();
        volatile boolean paused;
        private AssignmentListener listener;

        GroupLikeSource(FakeRecordSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public void open(Map<TopicPartition, Long> resumeFrom, AssignmentListener listener) {
            this.listener = listener;
            delegate.open(resumeFrom, listener);
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            polls.incrementAndGet();
            if (loseNext.getAndSet(false)) {
                Set<TopicPartition> lost = Set.copyOf(delegate.positions.keySet());
                listener.lost(lost);
                // Rejoined: the partitions come back, read from the last commit (nothing was committed for them).
                Map<TopicPartition, Long> committed = delegate.committed;
                for (TopicPartition tp : lost) {
                    delegate.positions.put(tp, committed.getOrDefault(tp, 0L));
                }
                listener.assigned(lost);
            }
            if (paused) {
                pausedPolls.incrementAndGet();
                try {
                    Thread.sleep(Math.min(20, timeout.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ConsumerRecords.empty();
            }
            return delegate.poll(timeout);
        }

        @Override
        public boolean pause() {
            pauses.incrementAndGet();
            paused = true;
            return true;
        }

        @Override
        public void resume() {
            resumes.incrementAndGet();
            paused = false;
        }

        @Override
        public void commit(Map<TopicPartition, Long> nextOffsets) {
            commits.add(Map.copyOf(nextOffsets));
            delegate.commit(nextOffsets);
        }

        @Override
        public void refreshAssignment() {
        }

        @Override
        public void pausePartitions(java.util.Collection<TopicPartition> partitions) {
            delegate.pausePartitions(partitions);
        }

        @Override
        public void resumePartitions(java.util.Collection<TopicPartition> partitions) {
            delegate.resumePartitions(partitions);
        }

        @Override
        public Set<TopicPartition> assignment() {
            return delegate.assignment();
        }

        @Override
        public Map<TopicPartition, Long> endOffsets() {
            return delegate.endOffsets();
        }

        @Override
        public long position(TopicPartition partition) {
            return delegate.position(partition);
        }

        @Override
        public void wakeup() {
            delegate.wakeup();
        }

        @Override
        public void close(Duration timeout) {
            delegate.close(timeout);
        }

        @Override
        public String mode() {
            return "group-like";
        }
    }

    private ListenerContainer container(GroupLikeSource source, RecordHandler handler) {
        ListenerEndpoint endpoint = new ListenerEndpoint("flow", List.of(T), null, List.of(), "g1", 1,
                Ordering.PARTITION, false, AckMode.AUTO, true, Map.of());
        ListenerContainer c = new ListenerContainer(endpoint, handler, new LoggingErrorHandler(), () -> source,
                SMALL_QUEUE, ListenerObserver.NOOP);
        containers.add(c);
        return c;
    }

    @Test
    void aFullQueueHoldsBackItsPartitionKeepsPollingAndReleasesItWithoutLosingRecords() throws Exception {
        FakeLog log = new FakeLog(T, 1);
        for (int i = 0; i < 100; i++) {
            log.append(T, 0, "k" + i, "v" + i);
        }
        GroupLikeSource source = new GroupLikeSource(new FakeRecordSource(log, 7, 0));
        CountDownLatch release = new CountDownLatch(1);
        List<Long> seen = new CopyOnWriteArrayList<>();
        ListenerContainer c = container(source, (records, ack) -> {
            release.await(); // slow listener: the 4-slot queue fills at once
            seen.add(records.get(0).offset());
        });
        c.start();
        TopicPartition tp = new TopicPartition(T, 0);
        waitFor(Duration.ofSeconds(10), "partition held back for the full queue", () -> source.delegate.held.contains(tp));
        int polled = source.polls.get();
        waitFor(Duration.ofSeconds(10), "still polled, to stay in the group", () -> source.polls.get() >= polled + 3);
        assertThat(seen).isEmpty();
        assertThat(c.isPaused()).as("not a user pause").isFalse();
        assertThat(source.pauses.get()).as("not the whole source").isZero();
        assertThat(c.pendingRecords()).as("only what fits (the chunk in hand + the queue + one poll parked)")
                .isLessThanOrEqualTo(4 + 4 + 7);

        release.countDown();
        waitFor(Duration.ofSeconds(10), "all 100 processed", () -> seen.size() == 100);
        assertThat(seen).containsExactlyElementsOf(LongStream.range(0, 100).boxed().toList());
        assertThat(source.delegate.held).isEmpty(); // every hold was released
        waitFor(Duration.ofSeconds(5), "offset 100 committed",
                () -> Long.valueOf(100).equals(source.delegate.committed.get(new TopicPartition(T, 0))));
    }

    @Test
    void lostPartitionsDropTheirQueuedRecordsCommitNothingAndAreReadAgainAfterRejoining() throws Exception {
        FakeLog log = new FakeLog(T, 1);
        for (int i = 0; i < 20; i++) {
            log.append(T, 0, "k" + i, "v" + i);
        }
        TopicPartition tp = new TopicPartition(T, 0);
        GroupLikeSource source = new GroupLikeSource(new FakeRecordSource(log, 7, 0));
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> seen = new CopyOnWriteArrayList<>();
        ListenerContainer c = container(source, (records, ack) -> {
            long offset = records.get(0).offset();
            if (offset == 0 && inFirst.getCount() > 0) {
                inFirst.countDown();
                release.await(); // in flight while the partition is lost
            }
            seen.add(offset);
        });
        c.start();
        assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
        waitFor(Duration.ofSeconds(10), "records queued behind it", () -> c.pendingRecords() > 1);

        source.loseNext.set(true); // the member was fenced: the next poll reports the partitions lost
        source.wakeup();
        waitFor(Duration.ofSeconds(10), "lost and re-assigned", () -> !source.loseNext.get());
        release.countDown();

        waitFor(Duration.ofSeconds(10), "read again from the committed offset", () -> seen.size() >= 21);
        // a sentinel after the rest: once it is processed, a record processed twice would have come before it
        log.append(T, 0, "sentinel", "sentinel");
        waitFor(Duration.ofSeconds(10), "the sentinel", () -> seen.contains(20L));
        assertThat(seen).as("processed").hasSize(22);
        seen.remove(seen.size() - 1);
        // The record in flight finished; the ones queued before the loss were dropped, not processed; after
        // rejoining, everything from the last commit (nothing: offset 0) is read again, once.
        List<Long> expected = new ArrayList<>();
        expected.add(0L);
        LongStream.range(0, 20).forEach(expected::add);
        assertThat(seen).containsExactlyElementsOf(expected);
        // The acknowledgement of the record from before the loss did not count: nothing was committed past what the
        // re-read processed, and the commits only ever move forward from 0 to 21 (after the sentinel).
        waitFor(Duration.ofSeconds(5), "offset 21 committed", () -> Long.valueOf(21).equals(source.delegate.committed.get(tp)));
        List<Long> committed = source.commits.stream().map(m -> m.get(tp)).filter(o -> o != null).toList();
        assertThat(committed).isSorted();
        assertThat(c.assignment()).containsExactly(tp);
    }
}
