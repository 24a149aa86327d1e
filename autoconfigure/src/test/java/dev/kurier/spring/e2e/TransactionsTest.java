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

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableTransactionManagement
    @Import({Orders.class, Refusing.class})
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
        List<String> out = new ArrayList<>();
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
             Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                     .set("isolation.level", "read_committed").build(), Serdes.stringDeserializer(),
                     Serdes.stringDeserializer())) {
            c.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
            c.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
        }
        return out;
    }
}
