package dev.kurier.spring.listener;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.spring.KurierProperties.AckMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Acknowledgment#nack}: deliver the record (or the rest of a batch) again after a sleep, in order. */
class ListenerNackTest {

    private static final String T = "orders";
    private static final TopicPartition TP = new TopicPartition(T, 0);

    private final FakeLog log = new FakeLog(T, 1);
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private ListenerContainer container;

    @AfterEach
    void stop() {
        if (container != null) {
            container.stop();
        }
    }

    private void start(boolean batch, RecordHandler handler) {
        for (int i = 0; i < 5; i++) {
            log.append(T, 0, null, "v" + i);
        }
        ContainerSettings settings = new ContainerSettings(Duration.ofMillis(50), Duration.ofSeconds(5), 100,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(20), Duration.ofSeconds(10));
        ListenerEndpoint endpoint = new ListenerEndpoint("nacking", List.of(T), null, List.of(), null, 1,
                Ordering.PARTITION, batch, AckMode.MANUAL, true, Map.of());
        container = new ListenerContainer(endpoint, handler, (id, records, error) -> errors.add(error.toString()),
                () -> new FakeRecordSource(log, 50, 0), settings, ListenerObserver.NOOP);
        container.start();
    }

    @Test
    void aNackedRecordIsDeliveredAgainAfterTheSleepBeforeTheNextOne() {
        List<Long> calls = new CopyOnWriteArrayList<>();
        AtomicBoolean nacked = new AtomicBoolean();
        start(false, (records, ack) -> {
            long offset = records.get(0).offset();
            calls.add(offset);
            if (offset == 2 && nacked.compareAndSet(false, true)) {
                ack.nack(Duration.ofMillis(100));
                return;
            }
            ack.acknowledge();
        });
        waitFor(Duration.ofSeconds(5), "all acknowledged", () -> container.resumeOffsets().getOrDefault(TP, 0L) == 5L);
        assertThat(calls).containsExactly(0L, 1L, 2L, 2L, 3L, 4L);
        assertThat(errors).isEmpty(); // not a failure
    }

    @Test
    void aNackedBatchAcknowledgesTheRecordsBeforeTheIndexAndDeliversTheRestAgain() {
        List<List<Long>> calls = new CopyOnWriteArrayList<>();
        AtomicBoolean nacked = new AtomicBoolean();
        start(true, (records, ack) -> {
            List<Long> offsets = new ArrayList<>();
            records.forEach(r -> offsets.add(r.offset()));
            calls.add(offsets);
            if (nacked.compareAndSet(false, true)) {
                ack.nack(3, Duration.ofMillis(100));
                assertThat(container.resumeOffsets()).containsEntry(TP, 3L);
                return;
            }
            ack.acknowledge();
        });
        waitFor(Duration.ofSeconds(5), "all acknowledged", () -> container.resumeOffsets().getOrDefault(TP, 0L) == 5L);
        assertThat(calls).containsExactly(List.of(0L, 1L, 2L, 3L, 4L), List.of(3L, 4L));
        assertThat(errors).isEmpty();
    }
}
