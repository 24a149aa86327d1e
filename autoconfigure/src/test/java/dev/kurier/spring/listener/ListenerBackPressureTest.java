package dev.kurier.spring.listener;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.client.consumer.Ordering;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A full worker queue holds back only the partitions feeding it, and memory stays bounded in every ack mode
 * (issue 19, defects 3 and 4).
 */
class ListenerBackPressureTest {

    private static final String T = "orders";

    private final FakeLog log = new FakeLog(T, 2);
    private final List<FakeRecordSource> sources = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private ListenerContainer container;

    @AfterEach
    void stop() {
        release.countDown();
        if (container != null) {
            container.stop();
        }
    }

    private ListenerContainer start(int concurrency, boolean batch, AckMode ackMode, int queueCapacity,
                                    int maxPending, RecordHandler handler) {
        ContainerSettings settings = new ContainerSettings(Duration.ofMillis(50), Duration.ofSeconds(5), queueCapacity,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(20), Duration.ofSeconds(10), maxPending);
        ListenerEndpoint endpoint = new ListenerEndpoint("pressure", List.of(T), null, List.of(), null, concurrency,
                Ordering.PARTITION, batch, ackMode, true, Map.of());
        container = new ListenerContainer(endpoint, handler, new LoggingErrorHandler(), () -> {
            FakeRecordSource s = new FakeRecordSource(log, 50, 0);
            sources.add(s);
            return s;
        }, settings, ListenerObserver.NOOP);
        container.start();
        return container;
    }

    @Test
    void aStuckPartitionDoesNotStopTheOthers() throws Exception {
        for (int i = 0; i < 100; i++) {
            log.append(T, 0, null, "p0-" + i);
        }
        Map<Integer, AtomicInteger> done = new ConcurrentHashMap<>();
        CountDownLatch stuck = new CountDownLatch(1);
        start(2, false, AckMode.AUTO, 4, 10_000, (records, ack) -> {
            int p = records.get(0).partition();
            if (p == 0) {
                stuck.countDown();
                release.await(30, TimeUnit.SECONDS); // e.g. a record in a long back-off, or a broken DLT
            }
            done.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
        });
        assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 100; i++) {
            log.append(T, 1, null, "p1-" + i); // arrives while partition 0 is stuck
        }
        waitFor(Duration.ofSeconds(10), "partition 1 processed while partition 0 is stuck",
                () -> done.containsKey(1) && done.get(1).get() == 100);
        assertThat(sources.get(0).held).containsExactly(new TopicPartition(T, 0));
        release.countDown();
        waitFor(Duration.ofSeconds(10), "partition 0 goes on once released",
                () -> done.containsKey(0) && done.get(0).get() == 100);
        assertThat(sources.get(0).held).isEmpty();
    }

    @Test
    void queuedBatchesCountByTheirRecords() throws Exception {
        for (int i = 0; i < 1000; i++) {
            log.append(T, 0, null, "v" + i);
        }
        CountDownLatch inListener = new CountDownLatch(1);
        start(1, true, AckMode.AUTO, 10, 10_000, (records, ack) -> {
            inListener.countDown();
            release.await(30, TimeUnit.SECONDS);
        });
        assertThat(inListener.await(5, TimeUnit.SECONDS)).isTrue();
        // in the listener, queued, and held back from one poll: a batch each (a batch heavier than the queue still
        // goes into an empty one), not ten queued batches
        waitFor(Duration.ofSeconds(5), "partition held back", () -> !sources.get(0).held.isEmpty());
        assertThat(container.pendingRecords()).isLessThanOrEqualTo(150);
    }

    @Test
    void unacknowledgedRecordsAreCappedInManualMode() {
        for (int i = 0; i < 1000; i++) {
            log.append(T, 0, null, "v" + i);
        }
        List<Acknowledgment> acks = new CopyOnWriteArrayList<>();
        start(1, false, AckMode.MANUAL, 1000, 100, (records, ack) -> acks.add(ack));
        waitFor(Duration.ofSeconds(5), "the cap is reached", () -> acks.size() >= 100);
        waitFor(Duration.ofSeconds(5), "partitions held back", () -> sources.get(0).held.size() == 2);
        assertThat(container.pendingRecords()).isLessThanOrEqualTo(150); // the cap plus at most one poll
        // Acknowledging lets reading go on, up to the cap again each time.
        waitFor(Duration.ofSeconds(20), "everything read as acks come", () -> {
            acks.forEach(Acknowledgment::acknowledge);
            return container.resumeOffsets().getOrDefault(new TopicPartition(T, 0), 0L) == 1000L;
        });
    }
}
