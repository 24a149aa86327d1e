package dev.kurier.spring.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.ClientConfig;
import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.spring.Eventually;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.transaction.KurierTransactionManager;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code kurier.producer.transaction-id-prefix}: the template sends in Kafka transactions, from {@code @Transactional}
 * methods (the {@link KurierTransactionManager}) or {@code executeInTransaction}; what a failed method sent is never
 * seen by read_committed readers.
 */
@EmbeddedKafka
@SpringBootTest(properties = {"kurier.producer.transaction-id-prefix=spring-tx-", "kurier.admin.fail-fast=true",
        "kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=200ms",
        "kurier.listener.error-handler.recoverer=dead-letter", "kurier.listener.error-handler.max-attempts=1"})
class TransactionsTest {

    private static final String TOPIC = "spring-tx-orders";
    private static final String COPY_IN = "spring-tx-copy-in";
    private static final String COPY_OUT = "spring-tx-copy-out";
    private static final String RETRY_IN = "spring-tx-retry-in";

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("kurier.bootstrap-servers", () -> KafkaBrokerExtension.sharedCluster().bootstrapServers());
    }

    @Service
    static class Orders {
        private final KurierTemplate<String, String> template;

        Orders(KurierTemplate<String, String> template) {
            this.template = template;
        }

        @Transactional
        public void place(String id, boolean fail) {
            template.send(TOPIC, id, id + "-created");
            template.send(TOPIC, id, id + "-billed");
            if (fail) {
                throw new IllegalStateException("payment refused for " + id);
            }
        }
    }

    @Component
    static class Refusing {
        @KurierListener(id = "tx-refusing", topics = "spring-tx-in", groupId = "spring-tx")
        void refuse(String value) {
            throw new IllegalArgumentException("refused " + value);
        }
    }

    /** Copies each record to the output topic, then refuses the ones starting with "bad": after sending. */
    @Component
    static class Copier {
        final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> deliveries =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final KurierTemplate<String, String> template;

        Copier(KurierTemplate<String, String> template) {
            this.template = template;
        }

        /** How often the listener got {@code value} (a method: the bean is a transactional proxy). */
        public int deliveries(String value) {
            java.util.concurrent.atomic.AtomicInteger n = deliveries.get(value);
            return n == null ? 0 : n.get();
        }

        @Transactional
        @KurierListener(id = "tx-copier", topics = COPY_IN, groupId = "spring-tx-copier")
        public void copy(String value) {
            deliveries.computeIfAbsent(value, v -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            template.send(COPY_OUT, value, value + "-out");
            if (value.startsWith("bad")) {
                throw new IllegalStateException("cannot copy " + value);
            }
        }
    }

    /** Sends, then fails: three attempts (its error handler's), each aborted, then a dead letter of its own. */
    @Component
    static class Retrying {
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        private final KurierTemplate<String, String> template;

        Retrying(KurierTemplate<String, String> template) {
            this.template = template;
        }

        public int calls() {
            return calls.get();
        }

        @KurierListener(id = "tx-retrying", topics = RETRY_IN, groupId = "spring-tx-retrying",
                errorHandler = "threeAttempts")
        public void handle(String value) {
            calls.incrementAndGet();
            template.send(COPY_OUT + "-retried", value, value + "-attempt");
            throw new IllegalStateException("always failing " + value);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableTransactionManagement
    @Import({Orders.class, Refusing.class, Copier.class, Retrying.class})
    static class App {
        @Bean
        NewTopic orders() {
            return NewTopic.of(TOPIC, 1, 1);
        }

        @Bean
        NewTopic in() {
            return NewTopic.of("spring-tx-in", 1, 1);
        }

        @Bean
        dev.kurier.spring.listener.RetryingErrorHandler threeAttempts(KurierTemplate<String, String> template) {
            // the recoverer's send joins the chunk's transaction: the dead letter commits with the offsets
            return new dev.kurier.spring.listener.RetryingErrorHandler(
                    dev.kurier.spring.listener.BackOff.fixed(Duration.ofMillis(50), 3), java.util.Set.of(),
                    (id, r, e, attempts) -> template.send(RETRY_IN + ".DLT", new String(r.value()) + " after "
                            + attempts).get());
        }

        @Bean
        NewTopic retryIn() {
            return NewTopic.of(RETRY_IN, 1, 1);
        }

        @Bean
        NewTopic retryDlt() {
            return NewTopic.of(RETRY_IN + ".DLT", 1, 1);
        }

        @Bean
        NewTopic retried() {
            return NewTopic.of(COPY_OUT + "-retried", 1, 1);
        }

        @Bean
        NewTopic copyIn() {
            return NewTopic.of(COPY_IN, 1, 1);
        }

        @Bean
        NewTopic copyOut() {
            return NewTopic.of(COPY_OUT, 1, 1);
        }

        @Bean
        NewTopic copyDlt() {
            return NewTopic.of(COPY_IN + ".DLT", 1, 1);
        }

        @Bean
        NewTopic dlt() {
            return NewTopic.of("spring-tx-in.DLT", 1, 1);
        }
    }

    @Autowired
    Orders orders;
    @Autowired
    KurierTemplate<String, String> template;
    @Autowired
    KurierTransactionManager transactionManager;
    @Autowired
    Copier copier;
    @Autowired
    Retrying retrying;

    @Test
    void aFailingListenerIsCalledAgainAfterEachAbortThenDeadLetteredAndNothingItSentIsVisible() {
        template.executeInTransaction(t -> t.send(RETRY_IN, "k", "poison"));
        assertThat(readCommitted(RETRY_IN + ".DLT", 1)).containsExactly("poison after 3");
        assertThat(retrying.calls()).as("three attempts, each in a transaction that aborted").isEqualTo(3);
        assertThat(readCommitted(COPY_OUT + "-retried", 0)).as("what the attempts sent").isEmpty();
    }
    @Autowired
    dev.kurier.spring.listener.KurierListenerRegistry registry;
    @Autowired
    dev.kurier.client.admin.Admin admin;

    @Test
    void aListenerChunkCommitsWithItsOffsetsOrAbortsAndIsDeliveredAgain() {
        assertThat(registry.require("tx-copier").isTransactional()).isTrue();
        template.executeInTransaction(t -> {
            t.send(COPY_IN, "k", "a1");
            t.send(COPY_IN, "k", "bad1");
            t.send(COPY_IN, "k", "a2");
            return null;
        });
        // what the failed chunk sent (bad1-out, and a1-out when a1 was polled with it) was aborted; the chunk came
        // again, bad1 went to the dead letters inside the transaction (max-attempts=1) and a1, a2 were copied once
        assertThat(readCommitted(COPY_OUT, 2)).containsExactly("a1-out", "a2-out");
        assertThat(readCommitted(COPY_IN + ".DLT", 1)).containsExactly("bad1");
        assertThat(copier.deliveries("bad1")).isEqualTo(1);
        assertThat(copier.deliveries("a2")).as("a2 is delivered after the abort (and may have been in the aborted"
                + " chunk, skipped)").isEqualTo(1);
        TopicPartition in = new TopicPartition(COPY_IN, 0);
        dev.kurier.spring.Eventually.waitFor(Duration.ofSeconds(30), "offsets committed in the transaction", () -> {
            var committed = admin.listGroupOffsets("spring-tx-copier").get(30, java.util.concurrent.TimeUnit.SECONDS);
            return Long.valueOf(3).equals(committed.get(in));
        });
    }

    @Test
    void whatATransactionalMethodSentIsVisibleOnlyWhenItReturned() throws Exception {
        orders.place("o1", false);
        assertThatThrownBy(() -> orders.place("o2", true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("payment refused");
        template.executeInTransaction(t -> t.send(TOPIC, "o3", "o3-created"));
        assertThatThrownBy(() -> template.executeInTransaction(t -> {
            t.send(TOPIC, "o4", "o4-created");
            throw new IllegalArgumentException("changed my mind");
        })).isInstanceOf(IllegalArgumentException.class);
        // transactions on several threads at once, each on a producer of its own
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = "p" + i;
                done.add(pool.submit(() -> orders.place(id, false)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(template.transactionalProducers().size()).isBetween(1, 4);

        List<String> seen = readCommitted(2 + 1 + 16);
        assertThat(seen).contains("o1-created", "o1-billed", "o3-created").hasSize(19)
                .noneMatch(v -> v.startsWith("o2") || v.startsWith("o4"));
    }

    @Test
    void aSendOutsideATransactionIsRefusedWithTheReason() {
        assertThatThrownBy(() -> template.send(TOPIC, "k", "v")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction-id-prefix").hasMessageContaining("@Transactional");
        assertThat(transactionManager.getResourceFactory()).isSameAs(template.transactionalProducers());
    }

    @Test
    void aTransactionalTemplateStillWritesDeadLettersInATransactionOfTheirOwn() {
        template.executeInTransaction(t -> t.send("spring-tx-in", "k", "poison"));
        assertThat(readCommitted("spring-tx-in.DLT", 1)).containsExactly("poison");
    }

    private static List<String> readCommitted(int expected) {
        return readCommitted(TOPIC, expected);
    }

    private static List<String> readCommitted(String topic, int expected) {
        return read(topic, expected, "read_committed");
    }

    private static List<String> read(String topic, int expected, String isolation) {
        List<String> out = new ArrayList<>();
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
             Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                     .set("isolation.level", isolation).build(), Serdes.stringDeserializer(),
                     Serdes.stringDeserializer())) {
            c.assign(List.of(new TopicPartition(topic, 0)));
            Eventually.repeat(Duration.ofSeconds(30), expected + " records in " + topic, () -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
                return out.size() >= expected;
            });
            c.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
        }
        return out;
    }
}
