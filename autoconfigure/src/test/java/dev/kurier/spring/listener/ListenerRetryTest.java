package dev.kurier.spring.listener;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.spring.convert.PayloadConversionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The container's retry loop with a {@link RetryingErrorHandler}: in place, in order, acknowledged only when done. */
class ListenerRetryTest {

    private static final String T = "orders";
    private static final TopicPartition TP = new TopicPartition(T, 0);
    private static final ContainerSettings FAST = new ContainerSettings(Duration.ofMillis(50), Duration.ofSeconds(5), 4,
            Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(20));

    private final FakeLog log = new FakeLog(T, 1);
    private final List<ListenerContainer> containers = new ArrayList<>();
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private final List<String> recovered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        containers.forEach(ListenerContainer::stop);
    }

    private ListenerContainer start(RecordHandler handler, KurierErrorHandler eh) {
        ListenerEndpoint e = new ListenerEndpoint("retry", List.of(T), null, List.of(), "g", 1, Ordering.PARTITION,
                false, AckMode.AUTO, true, Map.of());
        ListenerContainer c = new ListenerContainer(e, handler, eh, () -> new FakeRecordSource(log, 10, 0), FAST,
                ListenerObserver.NOOP);
        containers.add(c);
        c.start();
        return c;
    }

    private void append(int n) {
        for (int i = 0; i < n; i++) {
            log.append(T, 0, "k" + i, "v" + i);
        }
    }

    /** Fails every call for offset {@code bad} with {@code error}. */
    private RecordHandler failingAt(long bad, RuntimeException error) {
        return (records, ack) -> {
            long o = records.get(0).offset();
            timeline.add("call " + o);
            if (o == bad) {
                throw error;
            }
        };
    }

    private ConsumerRecordRecoverer recording() {
        return (id, r, e, attempts) -> {
            recovered.add(r.offset() + " after " + attempts + ": " + e.getClass().getSimpleName());
            timeline.add("recovered " + r.offset());
        };
    }

    @Test
    void aFailingRecordIsRetriedInPlaceThenRecoveredWhileLaterRecordsOfThePartitionWait() {
        append(4);
        ListenerContainer c = start(failingAt(1, new IllegalStateException("boom")),
                new RetryingErrorHandler(new BackOff(Duration.ofMillis(40), 2.0, Duration.ofMillis(100), 3), Set.of(),
                        recording()));
        waitFor(Duration.ofSeconds(5), "all acknowledged", () -> Long.valueOf(4).equals(c.resumeOffsets().get(TP)));
        assertThat(timeline).containsExactly("call 0", "call 1", "call 1", "call 1", "recovered 1", "call 2", "call 3");
        assertThat(recovered).containsExactly("1 after 3: IllegalStateException");
        assertThat(c.pendingRecords()).isZero();
    }

    @Test
    void notRetryableFailuresAndConversionFailuresAreRecoveredAtTheFirstAttempt() {
        append(3);
        AtomicInteger calls = new AtomicInteger();
        ListenerContainer c = start((records, ack) -> {
            calls.incrementAndGet();
            long o = records.get(0).offset();
            if (o == 0) {
                throw new IllegalArgumentException("invalid");
            }
            if (o == 1) {
                throw new PayloadConversionException("not json", null);
            }
        }, new RetryingErrorHandler(BackOff.fixed(Duration.ofSeconds(5), 10), Set.of(IllegalArgumentException.class),
                recording()));
        waitFor(Duration.ofSeconds(3), "all acknowledged", () -> Long.valueOf(3).equals(c.resumeOffsets().get(TP)));
        assertThat(recovered).containsExactly("0 after 1: IllegalArgumentException",
                "1 after 1: PayloadConversionException");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aFailedRecoveryLeavesTheRecordUnacknowledgedAndIsTriedAgain() throws Exception {
        append(3);
        AtomicInteger recoveries = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Long> resumeAtSecondRecovery = new java.util.concurrent.atomic.AtomicReference<>();
        List<ListenerContainer> containers = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        ListenerContainer c = start(failingAt(1, new IllegalStateException("boom")),
                new RetryingErrorHandler(BackOff.NONE, Set.of(), (id, r, e, attempts) -> {
                    timeline.add("recover " + r.offset());
                    if (recoveries.incrementAndGet() == 1) {
                        throw new IllegalStateException("dead-letter topic unavailable");
                    }
                    try {
                        started.await(5, java.util.concurrent.TimeUnit.SECONDS); // the test holds the container
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    resumeAtSecondRecovery.set(containers.get(0).resumeOffsets().get(TP));
                }));
        containers.add(c);
        started.countDown();
        // offset 2 waits: nothing after the failed recovery until it is tried again, and nothing committed past 1
        waitFor(Duration.ofSeconds(5), "all acknowledged", () -> Long.valueOf(3).equals(c.resumeOffsets().get(TP)));
        assertThat(resumeAtSecondRecovery.get()).as("not acknowledged, not committed past, until recovered")
                .isEqualTo(1L);
        assertThat(timeline).containsExactly("call 0", "call 1", "recover 1", "recover 1", "call 2");
    }

    @Test
    void stoppingDuringALongBackOffLeavesTheRecordAndTheRestOfThePartitionForTheNextRun() {
        append(3);
        ListenerContainer c = start(failingAt(1, new IllegalStateException("boom")),
                new RetryingErrorHandler(BackOff.fixed(Duration.ofSeconds(30), 5), Set.of(), recording()));
        waitFor(Duration.ofSeconds(3), "in back-off", () -> timeline.contains("call 1"));
        long t0 = System.nanoTime();
        c.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(c.resumeOffsets()).containsEntry(TP, 1L);
        assertThat(timeline).containsExactly("call 0", "call 1");
        assertThat(recovered).isEmpty();
        // the next run starts at the failed record
        timeline.clear();
        containers.clear();
        c.start();
        containers.add(c);
        waitFor(Duration.ofSeconds(3), "called again", () -> timeline.contains("call 1"));
        assertThat(timeline.get(0)).isEqualTo("call 1");
    }

}
