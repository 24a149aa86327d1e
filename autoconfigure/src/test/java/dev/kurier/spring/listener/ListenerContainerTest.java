package dev.kurier.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kurier.spring.Eventually.waitFor;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.client.consumer.Ordering;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenerContainerTest {

    private static final String T = "orders";
    private static final ContainerSettings FAST = new ContainerSettings(Duration.ofMillis(50), Duration.ofSeconds(5), 4,
            Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(20));

    private final FakeLog log = new FakeLog(T, 3);
    private final List<FakeRecordSource> sources = new CopyOnWriteArrayList<>();
    private final List<ListenerContainer> containers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        containers.forEach(ListenerContainer::stop);
    }

    private ListenerContainer container(ListenerEndpoint endpoint, RecordHandler handler, KurierErrorHandler eh,
                                        ContainerSettings settings, int failingOpens) {
        ListenerContainer c = new ListenerContainer(endpoint, handler, eh, () -> {
            FakeRecordSource s = new FakeRecordSource(log, 7, sources.isEmpty() ? failingOpens : 0);
            sources.add(s);
            return s;
        }, settings, ListenerObserver.NOOP);
        containers.add(c);
        return c;
    }

    private static ListenerEndpoint endpoint(int concurrency, Ordering ordering, boolean batch, AckMode ackMode) {
        return new ListenerEndpoint("test", List.of(T), null, List.of(), "g1", concurrency, ordering, batch, ackMode,
                true, Map.of());
    }

    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void partitionOrderingKeepsEachPartitionInOrderOnOneWorker() {
        for (int i = 0; i < 60; i++) {
            log.append(T, i % 3, "k" + i, "v" + i);
        }
        Map<TopicPartition, List<Long>> seen = new ConcurrentHashMap<>();
        Map<TopicPartition, Set<String>> threads = new ConcurrentHashMap<>();
        ListenerContainer c = container(endpoint(3, Ordering.PARTITION, false, AckMode.AUTO), (records, ack) -> {
            ConsumerRecord<byte[], byte[]> r = records.get(0);
            seen.computeIfAbsent(r.topicPartition(), k -> new CopyOnWriteArrayList<>()).add(r.offset());
            threads.computeIfAbsent(r.topicPartition(), k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
        }, new LoggingErrorHandler(), FAST, 0);
        c.start();
        waitFor(Duration.ofSeconds(10), "seen.values().stream().mapToInt(List::size).sum() == 60", () -> seen.values().stream().mapToInt(List::size).sum() == 60);
        for (int p = 0; p < 3; p++) {
            TopicPartition tp = new TopicPartition(T, p);
            List<Long> offsets = seen.get(tp);
            assertThat(offsets).hasSize(20).isSorted();
            assertThat(threads.get(tp)).hasSize(1);
        }
        waitFor(Duration.ofSeconds(5), "all acknowledged", () -> c.resumeOffsets().equals(Map.of(
                new TopicPartition(T, 0), 20L, new TopicPartition(T, 1), 20L, new TopicPartition(T, 2), 20L)));
        assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(c.assignment()).hasSize(3);
        assertThat(c.pendingRecords()).isZero();
        waitFor(Duration.ofSeconds(5), "sources.get(0).committed.equals(c.resumeOffsets())", () -> sources.get(0).committed.equals(c.resumeOffsets()));
    }

    @Test
    void keyOrderingKeepsEachKeyInOrderOnOneWorker() {
        for (int i = 0; i < 90; i++) {
            log.append(T, 0, "key-" + (i % 5), Integer.toString(i));
        }
        Map<String, List<Integer>> byKey = new ConcurrentHashMap<>();
        Map<String, Set<String>> threads = new ConcurrentHashMap<>();
        Set<String> allThreads = ConcurrentHashMap.newKeySet();
        ListenerContainer c = container(endpoint(4, Ordering.KEY, false, AckMode.AUTO), (records, ack) -> {
            ConsumerRecord<byte[], byte[]> r = records.get(0);
            String k = str(r.key());
            byKey.computeIfAbsent(k, x -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(str(r.value())));
            threads.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
            allThreads.add(Thread.currentThread().getName());
        }, new LoggingErrorHandler(), FAST, 0);
        c.start();
        waitFor(Duration.ofSeconds(10), "byKey.values().stream().mapToInt(List::size).sum() == 90", () -> byKey.values().stream().mapToInt(List::size).sum() == 90);
        byKey.forEach((k, values) -> {
            assertThat(values).hasSize(18).isSorted();
            assertThat(threads.get(k)).hasSize(1);
        });
        // One partition, yet more than one worker did work: parallelism beyond the partition count.
        assertThat(allThreads).hasSizeGreaterThan(1);
    }

    @Test
    void noOrderingSpreadsOverAllWorkers() throws Exception {
        for (int i = 0; i < 8; i++) {
            log.append(T, 0, null, "v" + i);
        }
        CountDownLatch together = new CountDownLatch(4);
        ListenerContainer c = container(endpoint(4, Ordering.NONE, false, AckMode.AUTO), (records, ack) -> {
            together.countDown();
            // Every worker must hold a record at once for this to pass quickly: records of one partition in parallel.
            together.await(5, TimeUnit.SECONDS);
        }, new LoggingErrorHandler(), FAST, 0);
        c.start();
        assertThat(together.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void batchListenerGetsListsPerWorkerAndAcksThemTogether() {
        for (int i = 0; i < 30; i++) {
            log.append(T, i % 3, null, "v" + i);
        }
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        AtomicInteger total = new AtomicInteger();
        ListenerContainer c = container(endpoint(2, Ordering.PARTITION, true, AckMode.AUTO), (records, ack) -> {
            sizes.add(records.size());
            total.addAndGet(records.size());
            Set<Integer> partitions = new HashSet<>();
            records.forEach(r -> partitions.add(r.partition()));
            // a batch never mixes partitions of different workers: with 3 partitions on 2 workers, at most 2 share one
            assertThat(partitions.size()).isLessThanOrEqualTo(2);
        }, new LoggingErrorHandler(), FAST, 0);
        c.start();
        waitFor(Duration.ofSeconds(10), "total.get() == 30", () -> total.get() == 30);
        assertThat(sizes).anyMatch(s -> s > 1);
        waitFor(Duration.ofSeconds(5), "c.pendingRecords() == 0", () -> c.pendingRecords() == 0);
    }

    @Test
    void manualAckHoldsTheResumeOffsetAtTheFirstUnacknowledgedRecord() {
        for (int i = 0; i < 5; i++) {
            log.append(T, 0, null, "v" + i);
        }
        Map<Long, Acknowledgment> acks = new ConcurrentHashMap<>();
        ListenerContainer c = container(endpoint(1, Ordering.PARTITION, false, AckMode.MANUAL),
                (records, ack) -> acks.put(records.get(0).offset(), ack), new LoggingErrorHandler(), FAST, 0);
        c.start();
        waitFor(Duration.ofSeconds(5), "acks.size() == 5", () -> acks.size() == 5);
        TopicPartition tp0 = new TopicPartition(T, 0);
        assertThat(c.resumeOffsets()).containsEntry(tp0, 0L);
        assertThat(c.pendingRecords()).isEqualTo(5);
        acks.get(1L).acknowledge();
        acks.get(3L).acknowledge();
        assertThat(c.resumeOffsets()).containsEntry(tp0, 0L); // 0 still open: never skip past it
        acks.get(0L).acknowledge();
        assertThat(c.resumeOffsets()).containsEntry(tp0, 2L);
        acks.get(2L).acknowledge();
        acks.get(2L).acknowledge(); // twice is harmless
        assertThat(c.resumeOffsets()).containsEntry(tp0, 4L);
        acks.get(4L).acknowledge();
        assertThat(c.resumeOffsets()).containsEntry(tp0, 5L);
        assertThat(c.pendingRecords()).isZero();
    }

    @Test
    void failuresGoToTheErrorHandlerWhichDecidesWhetherTheRecordCounts() {
        for (int i = 0; i < 4; i++) {
            log.append(T, 0, null, "v" + i);
            log.append(T, 1, null, "v" + i);
        }
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicInteger partition1Calls = new AtomicInteger();
        KurierErrorHandler eh = (id, records, error) -> {
            ConsumerRecord<byte[], byte[]> r = records.get(0);
            handled.add(id + ":" + r.partition() + "@" + r.offset() + ":" + error.getMessage());
            if (r.partition() == 1 && partition1Calls.incrementAndGet() == 1) {
                throw error; // leave it unacknowledged: the container tries the recovery again later
            }
        };
        ListenerContainer c = container(endpoint(1, Ordering.PARTITION, false, AckMode.AUTO), (records, ack) -> {
            if (records.get(0).offset() == 2) {
                throw new IllegalStateException("boom");
            }
        }, eh, FAST, 0);
        c.start();
        // partition 1's record stays unacknowledged while its recovery fails; the recovery is tried again
        waitFor(Duration.ofSeconds(5), "both partitions done", () -> handled.size() == 3
                && Long.valueOf(4).equals(c.resumeOffsets().get(new TopicPartition(T, 0)))
                && Long.valueOf(4).equals(c.resumeOffsets().get(new TopicPartition(T, 1))));
        assertThat(handled).containsExactlyInAnyOrder("test:0@2:boom", "test:1@2:boom", "test:1@2:boom");
    }

    @Test
    void pausedContainerPollsNothingUntilResumed() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        ListenerContainer c = container(endpoint(1, Ordering.PARTITION, false, AckMode.AUTO),
                (records, ack) -> seen.add(records.get(0).offset()), new LoggingErrorHandler(), FAST, 0);
        c.start();
        waitFor(Duration.ofSeconds(5), "c.state() == ContainerState.RUNNING", () -> c.state() == ContainerState.RUNNING);
        c.pause();
        waitFor(Duration.ofSeconds(5), "c.state() == ContainerState.PAUSED", () -> c.state() == ContainerState.PAUSED);
        log.append(T, 0, null, "a");
        // PAUSED is set between polls and no poll runs while paused: the record cannot have been read
        assertThat(seen).isEmpty();
        assertThat(c.isRunning()).isTrue();
        c.resume();
        waitFor(Duration.ofSeconds(5), "seen.size() == 1", () -> seen.size() == 1);
        assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void stopFinishesRecordsHandedOutAndARestartContinuesAfterThem() {
        for (int i = 0; i < 6; i++) {
            log.append(T, 0, null, "v" + i);
        }
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstStarted = new CountDownLatch(1);
        ListenerContainer c = container(endpoint(1, Ordering.PARTITION, false, AckMode.AUTO), (records, ack) -> {
            firstStarted.countDown();
            Thread.sleep(40);
            seen.add(records.get(0).offset());
        }, new LoggingErrorHandler(), FAST, 0);
        c.start();
        waitFor(Duration.ofSeconds(5), "firstStarted.getCount() == 0", () -> firstStarted.getCount() == 0);
        int dispatchedAtStop;
        c.stop();
        dispatchedAtStop = seen.size();
        assertThat(c.state()).isEqualTo(ContainerState.STOPPED);
        assertThat(c.isRunning()).isFalse();
        assertThat(sources.get(0).closed).isTrue();
        assertThat(dispatchedAtStop).isGreaterThan(0);
        // Everything handed out was finished: the resume offset is right after the last processed record.
        assertThat(c.resumeOffsets()).containsEntry(new TopicPartition(T, 0), (long) dispatchedAtStop);
        log.append(T, 0, null, "after-restart");
        c.start();
        waitFor(Duration.ofSeconds(10), "seen.size() == 7", () -> seen.size() == 7);
        assertThat(sources.get(1).openedWith).containsEntry(new TopicPartition(T, 0), (long) dispatchedAtStop);
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L); // no duplicates, no gaps
    }

    @Test
    void stopGivesUpOnSlowRecordsAfterTheShutdownTimeoutAndTheyAreReadAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            log.append(T, 0, null, "v" + i);
        }
        ContainerSettings shortStop = new ContainerSettings(Duration.ofMillis(50), Duration.ofMillis(300), 4,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(20));
        CountDownLatch blocked = new CountDownLatch(1);
        AtomicReference<Boolean> slow = new AtomicReference<>(true);
        List<Long> done = new CopyOnWriteArrayList<>();
        ListenerContainer c = container(endpoint(1, Ordering.PARTITION, false, AckMode.AUTO), (records, ack) -> {
            if (slow.get()) {
                blocked.countDown();
                Thread.sleep(60_000);
            }
            done.add(records.get(0).offset());
        }, (id, records, error) -> {
            throw error; // an interrupted record is not processed
        }, shortStop, 0);
        c.start();
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        c.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(c.state()).isEqualTo(ContainerState.STOPPED);
        assertThat(c.resumeOffsets()).containsEntry(new TopicPartition(T, 0), 0L);
        slow.set(false);
        c.start();
        waitFor(Duration.ofSeconds(10), "done.size() == 3", () -> done.size() == 3);
        assertThat(done).containsExactly(0L, 1L, 2L);
    }

    @Test
    void openIsRetriedUntilPartitionsAreThere() {
        log.append(T, 0, null, "v");
        List<Long> seen = new CopyOnWriteArrayList<>();
        ListenerContainer c = container(endpoint(1, Ordering.PARTITION, false, AckMode.AUTO),
                (records, ack) -> seen.add(records.get(0).offset()), new LoggingErrorHandler(), FAST, 3);
        c.start();
        assertThat(c.isRunning()).isTrue();
        waitFor(Duration.ofSeconds(5), "seen.size() == 1", () -> seen.size() == 1);
        assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(c.lastError()).isNull();
    }

    @Test
    void stopWhileStillOpeningEndsPromptly() {
        ListenerContainer c = container(endpoint(1, Ordering.PARTITION, false, AckMode.AUTO), (records, ack) -> {
        }, new LoggingErrorHandler(), FAST, Integer.MAX_VALUE);
        c.start();
        waitFor(Duration.ofSeconds(5), "c.lastError() != null", () -> c.lastError() != null);
        assertThat(c.state()).isEqualTo(ContainerState.STARTING);
        assertThat(c.lastError()).hasMessageContaining("not available yet");
        c.stop();
        assertThat(c.state()).isEqualTo(ContainerState.STOPPED);
    }

    @Test
    void lagIsMeasuredAgainstTheEndOffsets() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ListenerContainer c = container(endpoint(1, Ordering.PARTITION, false, AckMode.AUTO), (records, ack) -> {
            release.await(10, TimeUnit.SECONDS);
        }, new LoggingErrorHandler(), FAST, 0);
        for (int i = 0; i < 10; i++) {
            log.append(T, 2, null, "v" + i);
        }
        c.start();
        waitFor(Duration.ofSeconds(5), "c.maxLag() == 10", () -> c.maxLag() == 10);
        assertThat(c.lag()).containsEntry(new TopicPartition(T, 2), 10L).containsEntry(new TopicPartition(T, 0), 0L);
        release.countDown();
        waitFor(Duration.ofSeconds(5), "c.maxLag() == 0", () -> c.maxLag() == 0);
    }

    @Test
    void asyncStopRunsTheCallbackOnceStopped() throws Exception {
        ListenerContainer c = container(endpoint(2, Ordering.PARTITION, false, AckMode.AUTO), (records, ack) -> {
        }, new LoggingErrorHandler(), FAST, 0);
        c.start();
        CountDownLatch done = new CountDownLatch(1);
        c.stop(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.state()).isEqualTo(ContainerState.STOPPED);
        CountDownLatch again = new CountDownLatch(1);
        c.stop(again::countDown); // already stopped: at once
        assertThat(again.getCount()).isZero();
    }
}
