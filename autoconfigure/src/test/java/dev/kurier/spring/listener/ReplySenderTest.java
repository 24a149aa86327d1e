package dev.kurier.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.producer.Producer;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.producer.RecordMetadata;
import dev.kurier.spring.Eventually;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.spring.convert.DefaultPayloadConverter;
import dev.kurier.spring.core.KurierSendException;
import dev.kurier.spring.core.KurierTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Return values of listener methods sent on, and the acknowledgement held back until the broker took them. */
class ReplySenderTest {

    /** Sends complete only when the test completes them. */
    static final class ManualProducer implements Producer<Object, Object> {
        final List<ProducerRecord<Object, Object>> sent = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<RecordMetadata>> futures = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<RecordMetadata> send(ProducerRecord<Object, Object> record) {
            sent.add(record);
            CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
            futures.add(f);
            return f;
        }

        @Override
        public RecordMetadata sendSync(ProducerRecord<Object, Object> record) {
            return send(record).join();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close(Duration timeout) {
        }

        @Override
        public void close() {
        }

        void ackAll() {
            for (int i = 0; i < futures.size(); i++) {
                ProducerRecord<Object, Object> r = sent.get(i);
                futures.get(i).complete(new RecordMetadata(new TopicPartition(r.topic(), 0), i, 1L, -1, -1));
            }
        }
    }

    static final class Listeners {
        String upper(String value, Acknowledgment ack) {
            ack.acknowledge(); // a MANUAL listener acknowledging inside the call
            return "skip".equals(value) ? null : value.toUpperCase();
        }

        List<String> many(List<String> values) {
            return values.stream().map(v -> v + "!").toList();
        }

        void nothing(String value) {
        }
    }

    final ManualProducer producer = new ManualProducer();
    final KurierTemplate<Object, Object> template = new KurierTemplate<>(producer, null);
    final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    private ListenerMethodAdapter adapter(String method, boolean batch, AckMode mode, Class<?>... params)
            throws Exception {
        return new ListenerMethodAdapter(new Listeners(), Listeners.class.getDeclaredMethod(method, params), batch, mode,
                new DefaultPayloadConverter(null), new ReplySender(template, "replies"));
    }

    @Test
    void theAcknowledgementWaitsUntilTheReplyIsAcknowledged() throws Exception {
        ListenerMethodAdapter a = adapter("upper", false, AckMode.MANUAL, String.class, Acknowledgment.class);
        AtomicInteger acks = new AtomicInteger();
        ConsumerRecord<byte[], byte[]> in = FakeLog.record("orders", 1, 7, "k-1", "hello");
        java.util.concurrent.atomic.AtomicReference<Thread> caller = new java.util.concurrent.atomic.AtomicReference<>();
        Future<?> call = pool.submit(() -> {
            caller.set(Thread.currentThread());
            a.handle(List.of(in), acks::incrementAndGet);
            return null;
        });
        Eventually.waitFor(Duration.ofSeconds(10), "the reply sent", () -> !producer.sent.isEmpty());
        Eventually.waitFor(Duration.ofSeconds(10), "the call blocked on the reply's acknowledgement", () -> {
            Thread t = caller.get();
            return t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
        });
        assertThat(producer.sent).hasSize(1);
        ProducerRecord<Object, Object> reply = producer.sent.get(0);
        assertThat(reply.topic()).isEqualTo("replies");
        assertThat(new String((byte[]) reply.key(), StandardCharsets.UTF_8)).isEqualTo("k-1"); // the incoming key
        assertThat(reply.value()).isEqualTo("HELLO");
        assertThat(call).isNotDone();
        assertThat(acks).as("acknowledged before the reply was").hasValue(0);

        producer.ackAll();
        call.get(10, TimeUnit.SECONDS);
        assertThat(acks).hasValue(1);
    }

    @Test
    void aFailedReplyFailsTheCallAndDropsTheAcknowledgement() throws Exception {
        ListenerMethodAdapter a = adapter("upper", false, AckMode.MANUAL, String.class, Acknowledgment.class);
        AtomicInteger acks = new AtomicInteger();
        Future<?> call = pool.submit(() -> {
            a.handle(List.of(FakeLog.record("orders", 0, 1, "k", "v")), acks::incrementAndGet);
            return null;
        });
        Eventually.waitFor(Duration.ofSeconds(10), "the reply sent", () -> !producer.futures.isEmpty());
        producer.futures.get(0).completeExceptionally(new IllegalStateException("broker says no"));
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KurierSendException.class)
                .hasRootCauseMessage("broker says no");
        assertThat(acks).hasValue(0);
    }

    @Test
    void nullSendsNothingAndAcknowledgesAtOnce() throws Exception {
        ListenerMethodAdapter a = adapter("upper", false, AckMode.MANUAL, String.class, Acknowledgment.class);
        AtomicInteger acks = new AtomicInteger();
        a.handle(List.of(FakeLog.record("orders", 0, 1, "k", "skip")), acks::incrementAndGet);
        assertThat(producer.sent).isEmpty();
        assertThat(acks).hasValue(1);
    }

    @Test
    void aBatchListenersCollectionIsSentElementByElement() throws Exception {
        ListenerMethodAdapter a = adapter("many", true, AckMode.AUTO, List.class);
        Future<?> call = pool.submit(() -> {
            a.handle(List.of(FakeLog.record("orders", 0, 1, "a", "x"),
                    FakeLog.record("orders", 0, 2, "b", "y")), () -> { });
            return null;
        });
        Eventually.waitFor(Duration.ofSeconds(10), "both replies sent", () -> producer.sent.size() >= 2);
        producer.ackAll();
        call.get(10, TimeUnit.SECONDS);
        assertThat(producer.sent).extracting(ProducerRecord::value).containsExactly("x!", "y!");
        assertThat(producer.sent).extracting(ProducerRecord::key).containsOnlyNulls();
    }

    @Test
    void aMethodReturningNothingCannotHaveAReplyTopic() {
        assertThatThrownBy(() -> adapter("nothing", false, AckMode.AUTO, String.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returns nothing")
                .hasMessageContaining("replies");
    }
}
