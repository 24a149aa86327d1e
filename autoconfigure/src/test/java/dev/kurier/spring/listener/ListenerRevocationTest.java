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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A revocation waits for the records being processed and commits after them (issue 19, defect 1). */
class ListenerRevocationTest {

    private static final String T = "orders";
    private static final ContainerSettings SETTINGS = new ContainerSettings(Duration.ofMillis(50), Duration.ofSeconds(5),
            100, Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(20), Duration.ofSeconds(10));

    private final FakeLog log = new FakeLog(T, 2);
    private final List<FakeRecordSource> sources = new CopyOnWriteArrayList<>();
    private ListenerContainer container;

    @AfterEach
    void stop() {
        if (container != null) {
            container.stop();
        }
    }

    private ListenerContainer start(boolean batch, RecordHandler handler) {
        ListenerEndpoint endpoint = new ListenerEndpoint("revoking", List.of(T), null, List.of(), "g", 1,
                Ordering.PARTITION, batch, AckMode.AUTO, true, Map.of());
        container = new ListenerContainer(endpoint, handler, new LoggingErrorHandler(), () -> {
            FakeRecordSource s = new FakeRecordSource(log, 50, 0);
            sources.add(s);
            return s;
        }, SETTINGS, ListenerObserver.NOOP);
        container.start();
        return container;
    }

    @Test
    void aRecordInProcessAtARevocationIsCommittedOnceItFinishes() throws Exception {
        verifyInFlightWorkIsCommitted(false);
    }

    @Test
    void aBatchInProcessAtARevocationIsCommittedOnceItFinishes() throws Exception {
        verifyInFlightWorkIsCommitted(true);
    }

    private void verifyInFlightWorkIsCommitted(boolean batch) throws Exception {
        TopicPartition p0 = new TopicPartition(T, 0);
        for (int i = 0; i < 5; i++) {
            log.append(T, 0, null, "v" + i);
        }
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> processed = new CopyOnWriteArrayList<>();
        start(batch, (records, ack) -> {
            inListener.countDown();
            release.await(10, TimeUnit.SECONDS);
            records.forEach(r -> processed.add(r.offset()));
        });
        assertThat(inListener.await(5, TimeUnit.SECONDS)).isTrue();
        FakeRecordSource source = sources.get(0);
        source.revokeNext = List.of(p0);
        // The revocation runs on the poll thread and waits for the listener: let the listener finish meanwhile.
        waitFor(Duration.ofSeconds(5), "the revocation waits for the listener", () -> container.pendingRecords() > 0
                && source.revokeNext == null);
        release.countDown();
        waitFor(Duration.ofSeconds(5), "the revocation returned", () -> source.revokedCommit != null);
        // Whatever the listener finished counts: the new owner starts right after it, nothing runs twice.
        long expected = processed.isEmpty() ? 0 : processed.get(processed.size() - 1) + 1;
        assertThat(processed).isNotEmpty();
        assertThat(source.revokedCommit).containsEntry(p0, expected);
    }
}
