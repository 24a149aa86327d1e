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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A {@link RecordFilter} leaves records out; they still count as processed. */
class ListenerFilterTest {

    private static final String T = "orders";
    private static final TopicPartition TP = new TopicPartition(T, 0);
    private static final RecordFilter ODD_OUT = r -> r.offset() % 2 == 1;

    private final FakeLog log = new FakeLog(T, 1);
    private final List<Long> recovered = new CopyOnWriteArrayList<>();
    private ListenerContainer container;

    @AfterEach
    void stop() {
        if (container != null) {
            container.stop();
        }
    }

    private void start(boolean batch, RecordHandler handler) {
        for (int i = 0; i < 10; i++) {
            log.append(T, 0, null, "v" + i);
        }
        ContainerSettings settings = new ContainerSettings(Duration.ofMillis(50), Duration.ofSeconds(5), 100,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(20), Duration.ofSeconds(10));
        ListenerEndpoint endpoint = new ListenerEndpoint("filtering", List.of(T), null, List.of(), null, 1,
                Ordering.PARTITION, batch, AckMode.AUTO, true, Map.of());
        container = new ListenerContainer(endpoint, new FilteringHandler(handler, ODD_OUT),
                (id, records, error) -> records.forEach(r -> recovered.add(r.offset())),
                () -> new FakeRecordSource(log, 50, 0), settings, ListenerObserver.NOOP);
        container.start();
    }

    @Test
    void filteredRecordsAreAcknowledgedWithoutCallingTheListener() {
        List<Long> seen = new CopyOnWriteArrayList<>();
        start(false, (records, ack) -> seen.add(records.get(0).offset()));
        waitFor(Duration.ofSeconds(5), "all acknowledged", () -> container.resumeOffsets().getOrDefault(TP, 0L) == 10L);
        assertThat(seen).containsExactly(0L, 2L, 4L, 6L, 8L);
    }

    @Test
    void aBatchWithoutTheFilteredRecordsMapsItsFailureIndexBack() {
        List<List<Long>> calls = new CopyOnWriteArrayList<>();
        start(true, (records, ack) -> {
            List<Long> offsets = new ArrayList<>();
            records.forEach(r -> offsets.add(r.offset()));
            calls.add(offsets);
            int i = offsets.indexOf(4L);
            if (i >= 0) {
                throw new BatchFailure(i, new IllegalStateException("order 4 is bad"));
            }
        });
        waitFor(Duration.ofSeconds(5), "all acknowledged", () -> container.resumeOffsets().getOrDefault(TP, 0L) == 10L);
        assertThat(calls.get(0)).containsExactly(0L, 2L, 4L, 6L, 8L);
        assertThat(recovered).containsExactly(4L); // only the failing one, found in the whole batch
        assertThat(calls.get(calls.size() - 1)).containsExactly(6L, 8L);
    }
}
