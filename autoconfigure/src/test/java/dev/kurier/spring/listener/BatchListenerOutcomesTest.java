package dev.kurier.spring.listener;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.spring.convert.DefaultPayloadConverter;
import dev.kurier.spring.convert.JacksonJsonCodec;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Batch listeners get per-record outcomes (issue 19, defect 2). */
class BatchListenerOutcomesTest {

    private static final String T = "orders";
    private static final TopicPartition TP = new TopicPartition(T, 0);

    private final FakeLog log = new FakeLog(T, 1);
    private ListenerContainer container;

    record Order(String item, int quantity) {
    }

    /** A batch listener taking orders as JSON. */
    static final class OrderBatches {
        final List<Order> processed = new CopyOnWriteArrayList<>();

        void onOrders(List<Order> orders) {
            processed.addAll(orders);
        }
    }

    @AfterEach
    void stop() {
        if (container != null) {
            container.stop();
        }
    }

    private void start(RecordHandler handler, KurierErrorHandler errorHandler) {
        ContainerSettings settings = new ContainerSettings(Duration.ofMillis(50), Duration.ofSeconds(5), 1000,
                Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(20), Duration.ofSeconds(10));
        ListenerEndpoint endpoint = new ListenerEndpoint("batches", List.of(T), null, List.of(), null, 1,
                Ordering.PARTITION, true, AckMode.AUTO, true, Map.of());
        container = new ListenerContainer(endpoint, handler, errorHandler,
                () -> new FakeRecordSource(log, 500, 0), settings, ListenerObserver.NOOP);
        container.start();
    }

    /** Recovers each record it is given into {@code recovered}, failing the {@code failAt}-th recovery once. */
    private static RetryingErrorHandler recoverer(List<Long> recovered, int maxAttempts, int failAt) {
        AtomicInteger calls = new AtomicInteger();
        return new RetryingErrorHandler(BackOff.fixed(Duration.ofMillis(10), maxAttempts), Set.of(),
                (id, record, error, attempts) -> {
                    if (calls.incrementAndGet() == failAt) {
                        throw new IllegalStateException("dead-letter topic unavailable");
                    }
                    recovered.add(record.offset());
                });
    }

    @Test
    void aRecordThatIsNotJsonIsRecoveredAloneAndTheRestOfTheBatchIsProcessed() throws Exception {
        for (int i = 0; i < 300; i++) {
            log.append(T, 0, null, i == 150 ? "not json" : "{\"item\":\"book\",\"quantity\":" + i + "}");
        }
        OrderBatches listener = new OrderBatches();
        Method m = OrderBatches.class.getDeclaredMethod("onOrders", List.class);
        ListenerMethodAdapter adapter = new ListenerMethodAdapter(listener, m, true, AckMode.AUTO,
                new DefaultPayloadConverter(new JacksonJsonCodec(JsonMapper.shared())));
        List<Long> recovered = new CopyOnWriteArrayList<>();
        start(adapter, recoverer(recovered, 3, -1));
        waitFor(Duration.ofSeconds(10), "all acknowledged", () -> container.resumeOffsets().getOrDefault(TP, 0L) == 300L);
        assertThat(recovered).containsExactly(150L);
        assertThat(listener.processed).hasSize(299);
        assertThat(listener.processed).extracting(Order::quantity).doesNotHaveDuplicates().doesNotContain(150);
    }

    @Test
    void aRecoveryThatFailsPartWayGoesOnFromTheRecordThatFailedWithoutDuplicates() {
        for (int i = 0; i < 10; i++) {
            log.append(T, 0, null, "v" + i);
        }
        List<Long> recovered = new CopyOnWriteArrayList<>();
        start((records, ack) -> {
            throw new IllegalStateException("the whole batch fails");
        }, recoverer(recovered, 2, 4));
        waitFor(Duration.ofSeconds(15), "all acknowledged", () -> container.resumeOffsets().getOrDefault(TP, 0L) == 10L);
        assertThat(recovered).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void batchFailureRecoversOnlyTheFailingRecordAndCommitsThoseBeforeIt() {
        for (int i = 0; i < 20; i++) {
            log.append(T, 0, null, "v" + i);
        }
        List<Long> processed = new CopyOnWriteArrayList<>();
        List<Long> recovered = new CopyOnWriteArrayList<>();
        start((records, ack) -> {
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = records.get(i);
                if (r.offset() == 7) {
                    throw new BatchFailure(i, new IllegalArgumentException("bad order 7"));
                }
                processed.add(r.offset());
            }
        }, recoverer(recovered, 3, -1));
        waitFor(Duration.ofSeconds(10), "all acknowledged", () -> container.resumeOffsets().getOrDefault(TP, 0L) == 20L);
        assertThat(recovered).containsExactly(7L);
        // Records before the failing one were processed once (not re-run by the retries); those after it once too.
        assertThat(processed).doesNotHaveDuplicates().hasSize(19);
    }

    @Test
    void aBatchFailureThatPassesOnRetryLeavesNothingToRecover() {
        for (int i = 0; i < 20; i++) {
            log.append(T, 0, null, "v" + i);
        }
        List<Long> processed = new CopyOnWriteArrayList<>();
        List<Long> recovered = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        start((records, ack) -> {
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = records.get(i);
                if (r.offset() == 7 && failures.getAndIncrement() < 2) {
                    throw new BatchFailure(i, new IllegalStateException("transient"));
                }
                processed.add(r.offset());
            }
        }, recoverer(recovered, 3, -1));
        waitFor(Duration.ofSeconds(10), "all acknowledged", () -> container.resumeOffsets().getOrDefault(TP, 0L) == 20L);
        assertThat(recovered).isEmpty();
        assertThat(processed).doesNotHaveDuplicates().hasSize(20);
    }
}
