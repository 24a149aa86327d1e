package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.common.Header;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.group.OffsetAndMetadata;
import dev.kurier.client.producer.ProducerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.spring.Eventually;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.convert.PayloadConversionException;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.listener.ContainerState;
import dev.kurier.spring.listener.DeadLetterHeaders;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Error handling on a real broker: a listener that always fails for one record retries it in place (later records of
 * the partition wait), writes it to {@code <topic>.DLT} with the dead-letter headers, and the group's commit moves
 * past it; a not-retryable exception and a poison JSON payload go to the dead-letter topic at the first failure.
 */
@EmbeddedKafka
class DeadLetterTest {

    /** A JSON payload. */
    record Order(String id, int quantity) {
    }

    /** What the listeners saw, in order. */
    static final class Seen {
        final List<String> events = new CopyOnWriteArrayList<>();
        final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final List<String> fatal = new CopyOnWriteArrayList<>();
        final AtomicInteger fatalAttempts = new AtomicInteger();
        final List<Order> json = new CopyOnWriteArrayList<>();
    }

    static class Listeners {
        final Seen seen;

        Listeners(Seen seen) {
            this.seen = seen;
        }

        @KurierListener(id = "failing", topics = "dl-orders", groupId = "dl-failing")
        void orders(ConsumerRecord<String, String> r) {
            seen.events.add(r.value() + "@" + r.offset());
            seen.attempts.computeIfAbsent(r.offset(), k -> new AtomicInteger()).incrementAndGet();
            if (r.value().startsWith("bad")) {
                throw new IllegalStateException("cannot take " + r.value() + " " + "x".repeat(2000));
            }
        }

        @KurierListener(id = "fatal", topics = "dl-fatal", groupId = "dl-fatal")
        void fatal(String value) {
            if (value.startsWith("bad")) {
                seen.fatalAttempts.incrementAndGet();
                throw new IllegalArgumentException("not a valid order: " + value);
            }
            seen.fatal.add(value);
        }

        @KurierListener(id = "json", topics = "dl-json", groupId = "dl-json")
        void json(Order order) {
            seen.json.add(order);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        NewTopic dlOrders() {
            return NewTopic.of("dl-orders", 1, 1);
        }

        @Bean
        NewTopic dlFatal() {
            return NewTopic.of("dl-fatal", 1, 1);
        }

        @Bean
        NewTopic dlJson() {
            return NewTopic.of("dl-json", 1, 1);
        }

        @Bean
        NewTopic dlOrdersDlt() {
            return NewTopic.of("dl-orders.DLT", 1, 1);
        }

        @Bean
        NewTopic dlFatalDlt() {
            return NewTopic.of("dl-fatal.DLT", 1, 1);
        }

        @Bean
        NewTopic dlJsonDlt() {
            return NewTopic.of("dl-json.DLT", 1, 1);
        }

        @Bean
        Listeners listeners(Seen seen) {
            return new Listeners(seen);
        }
    }

    private static final Seen seen = new Seen();
    private static ConfigurableApplicationContext ctx;

    @BeforeAll
    static void start() {
        ctx = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .initializers(c -> c.getBeanFactory().registerSingleton("seen", seen))
                .properties("kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                        "kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=200ms",
                        "kurier.listener.commit-interval=200ms", "kurier.admin.fail-fast=true",
                        "spring.main.banner-mode=off",
                        "kurier.listener.error-handler.recoverer=dead-letter",
                        "kurier.listener.error-handler.max-attempts=3",
                        "kurier.listener.error-handler.back-off.initial-interval=200ms",
                        "kurier.listener.error-handler.back-off.multiplier=2",
                        "kurier.listener.error-handler.back-off.max-interval=1s",
                        "kurier.listener.error-handler.not-retryable-exceptions=java.lang.IllegalArgumentException")
                .run();
        KurierListenerRegistry registry = ctx.getBean(KurierListenerRegistry.class);
        waitFor(Duration.ofSeconds(30), "containers reading", () -> registry.containers().stream()
                .allMatch(c -> c.state() == ContainerState.RUNNING && !c.assignment().isEmpty()));
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static KurierTemplate<Object, Object> template() {
        return ctx.getBean(KurierTemplate.class);
    }

    /** Reads {@code topic} from the start with a plain consumer until {@code n} records arrived. */
    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int n) {
        KurierClient client = ctx.getBean(KurierClient.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (Consumer<byte[], byte[]> c = client.consumer(ConsumerConfig.builder().set("auto.offset.reset", "earliest")
                .set("enable.auto.commit", false).build(), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
            c.assign(List.of(new TopicPartition(topic, 0)));
            Eventually.repeat(Duration.ofSeconds(20), n + " records in " + topic, () -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= n;
            });
        }
        assertThat(out).as("records in " + topic).hasSize(n);
        return out;
    }

    private static long committed(String group, String topic) {
        KurierClient client = ctx.getBean(KurierClient.class);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Consumer<byte[], byte[]> c = client.consumer(ConsumerConfig.builder().groupId(group)
                .set("enable.auto.commit", false).build(), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
            OffsetAndMetadata o = c.committed(Set.of(tp)).get(tp);
            return o == null ? -1 : o.offset();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.lastHeader(key);
        return h == null ? null : h.valueAsString();
    }

    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aRecordThatAlwaysFailsIsRetriedThenDeadLetteredAndTheCommitMovesPastIt() {
        KurierTemplate<Object, Object> t = template();
        t.send("dl-orders", "k0", "ok-0");
        t.send(new ProducerRecord<>("dl-orders", null, null, "k1", "bad-1", List.of(Header.of("trace", "t-1"))));
        t.send("dl-orders", "k2", "ok-2");
        t.flush();

        List<ConsumerRecord<byte[], byte[]>> dlt = read("dl-orders.DLT", 1);
        ConsumerRecord<byte[], byte[]> d = dlt.get(0);
        assertThat(str(d.key())).isEqualTo("k1");
        assertThat(str(d.value())).isEqualTo("bad-1");
        assertThat(header(d, "trace")).isEqualTo("t-1");
        assertThat(header(d, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("dl-orders");
        assertThat(header(d, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
        assertThat(header(d, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("1");
        assertThat(header(d, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(d, DeadLetterHeaders.EXCEPTION_MESSAGE)).startsWith("cannot take bad-1 xxx")
                .hasSize(DeadLetterHeaders.MAX_MESSAGE_LENGTH);
        assertThat(header(d, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
        assertThat(header(d, DeadLetterHeaders.LISTENER_ID)).isEqualTo("failing");

        waitFor(Duration.ofSeconds(10), "ok-2 processed", () -> seen.events.contains("ok-2@2"));
        assertThat(seen.attempts.get(1L).get()).isEqualTo(3);
        // the later record of the partition waited for the retries and the recovery
        assertThat(seen.events).containsExactly("ok-0@0", "bad-1@1", "bad-1@1", "bad-1@1", "ok-2@2");
        waitFor(Duration.ofSeconds(10), "commit past the failed record", () -> committed("dl-failing", "dl-orders") == 3);
    }

    @Test
    void aNotRetryableExceptionGoesToTheDeadLetterTopicAtOnce() {
        KurierTemplate<Object, Object> t = template();
        t.send("dl-fatal", "a", "bad-order");
        t.send("dl-fatal", "b", "good-order");
        t.flush();
        ConsumerRecord<byte[], byte[]> d = read("dl-fatal.DLT", 1).get(0);
        assertThat(str(d.value())).isEqualTo("bad-order");
        assertThat(header(d, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(header(d, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(d, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("not a valid order: bad-order");
        waitFor(Duration.ofSeconds(10), "good order processed", () -> seen.fatal.contains("good-order"));
        assertThat(seen.fatalAttempts.get()).isEqualTo(1);
        waitFor(Duration.ofSeconds(10), "commit past both", () -> committed("dl-fatal", "dl-fatal") == 2);
    }

    @Test
    void aPoisonJsonPayloadGoesToTheDeadLetterTopic() {
        KurierTemplate<Object, Object> t = template();
        t.send("dl-json", "p", "{not json".getBytes(StandardCharsets.UTF_8));
        t.send("dl-json", "q", new Order("o-2", 2));
        t.flush();
        ConsumerRecord<byte[], byte[]> d = read("dl-json.DLT", 1).get(0);
        assertThat(str(d.value())).isEqualTo("{not json");
        assertThat(str(d.key())).isEqualTo("p");
        assertThat(header(d, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(header(d, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(PayloadConversionException.class.getName());
        assertThat(header(d, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("0");
        waitFor(Duration.ofSeconds(10), "the valid order processed", () -> seen.json.contains(new Order("o-2", 2)));
        waitFor(Duration.ofSeconds(10), "commit past the poison record", () -> committed("dl-json", "dl-json") == 2);
    }
}
