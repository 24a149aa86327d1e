package dev.kurier.spring.listener;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.client.consumer.Ordering;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stopping: daemon workers, a listener that ignores interrupts, a listener that stops its own container (issue 19, defect 6). */
class ListenerShutdownTest {

    private static final String T = "orders";

    private final FakeLog log = new FakeLog(T, 1);
    private final List<FakeRecordSource> sources = new CopyOnWriteArrayList<>();
    private final AtomicBoolean releaseStubborn = new AtomicBoolean();
    private ListenerContainer container;

    @AfterEach
    void stop() {
        releaseStubborn.set(true);
        if (container != null) {
            container.stop();
        }
    }

    private ListenerContainer container(Duration shutdownTimeout, RecordHandler handler) {
        ContainerSettings settings = new ContainerSettings(Duration.ofMillis(50), shutdownTimeout, 100,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(20), Duration.ofSeconds(10));
        ListenerEndpoint endpoint = new ListenerEndpoint("stopping", List.of(T), null, List.of(), null, 2,
                Ordering.PARTITION, false, AckMode.AUTO, true, Map.of());
        container = new ListenerContainer(endpoint, handler, new LoggingErrorHandler(), () -> {
            FakeRecordSource s = new FakeRecordSource(log, 50, 0);
            sources.add(s);
            return s;
        }, settings, ListenerObserver.NOOP);
        return container;
    }

    @Test
    void workerThreadsAreDaemonsSoAnAbandonedListenerCannotKeepTheJvmAlive() throws Exception {
        log.append(T, 0, null, "v");
        AtomicReference<Thread> worker = new AtomicReference<>();
        CountDownLatch called = new CountDownLatch(1);
        container(Duration.ofSeconds(5), (records, ack) -> {
            worker.set(Thread.currentThread());
            called.countDown();
        }).start();
        assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.get().isDaemon()).isTrue();
    }

    @Test
    void aRestartWaitsForAListenerThatIgnoredTheInterruptBeforeReadingItsPartitionAgain() throws Exception {
        log.append(T, 0, null, "stubborn");
        log.append(T, 0, null, "next");
        AtomicInteger inListener = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch stuck = new CountDownLatch(1);
        ListenerContainer c = container(Duration.ofMillis(200), (records, ack) -> {
            int now = inListener.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                calls.add(Thread.currentThread().getName() + ":" + records.get(0).offset());
                if (records.get(0).offset() == 0 && calls.size() == 1) {
                    stuck.countDown();
                    while (!releaseStubborn.get()) { // ignores interrupts, as badly written listeners do
                        Thread.onSpinWait();
                    }
                }
            } finally {
                inListener.decrementAndGet();
            }
        });
        c.start();
        assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
        c.stop(); // gives up on the listener after the shutdown timeout
        assertThat(c.state()).isEqualTo(ContainerState.STOPPED);
        c.start();
        waitFor(Duration.ofSeconds(5), "the restart says what it waits for", () -> c.lastError() != null
                && c.lastError().getMessage().contains("still running"));
        assertThat(calls).hasSize(1); // nobody else reads the partition meanwhile
        releaseStubborn.set(true);
        waitFor(Duration.ofSeconds(10), "both records processed after the old listener call ended",
                () -> c.resumeOffsets().getOrDefault(new TopicPartition(T, 0), -1L) == 2L);
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(c.lastError()).isNull();
    }

    @Test
    void aListenerThatStopsItsOwnContainerDoesNotWaitForItself() throws Exception {
        log.append(T, 0, null, "stop-please");
        AtomicReference<ListenerContainer> self = new AtomicReference<>();
        AtomicBoolean returned = new AtomicBoolean();
        ListenerContainer c = container(Duration.ofSeconds(60), (records, ack) -> {
            self.get().stop();
            returned.set(true);
        });
        self.set(c);
        c.start();
        waitFor(Duration.ofSeconds(5), "stopped well before the 60 s shutdown timeout",
                () -> c.state() == ContainerState.STOPPED);
        assertThat(returned).isTrue();
        assertThat(c.resumeOffsets()).containsEntry(new TopicPartition(T, 0), 1L);
    }

    @Test
    void anErrorIsNotARecordFailureItStopsTheContainerLeavingTheRecord() {
        log.append(T, 0, null, "fine");
        log.append(T, 0, null, "fatal");
        log.append(T, 0, null, "after");
        List<String> recovered = new CopyOnWriteArrayList<>();
        List<Long> called = new CopyOnWriteArrayList<>();
        ContainerSettings settings = new ContainerSettings(Duration.ofMillis(50), Duration.ofSeconds(5), 100,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(20), Duration.ofSeconds(10));
        ListenerEndpoint endpoint = new ListenerEndpoint("fatal", List.of(T), null, List.of(), null, 1,
                Ordering.PARTITION, false, AckMode.AUTO, true, Map.of());
        container = new ListenerContainer(endpoint, (records, ack) -> {
            called.add(records.get(0).offset());
            if (records.get(0).offset() == 1) {
                throw new OutOfMemoryError("simulated");
            }
        }, (id, records, error) -> recovered.add(records.get(0).offset() + ":" + error), () -> {
            FakeRecordSource s = new FakeRecordSource(log, 50, 0);
            sources.add(s);
            return s;
        }, settings, ListenerObserver.NOOP);
        container.start();
        waitFor(Duration.ofSeconds(5), "the container failed", () -> container.state() == ContainerState.FAILED);
        assertThat(recovered).isEmpty(); // not retried, not dead-lettered
        assertThat(called).containsExactly(0L, 1L);
        assertThat(container.lastError()).isInstanceOf(OutOfMemoryError.class);
        assertThat(container.resumeOffsets()).containsEntry(new TopicPartition(T, 0), 1L); // read again after a restart
    }
}
