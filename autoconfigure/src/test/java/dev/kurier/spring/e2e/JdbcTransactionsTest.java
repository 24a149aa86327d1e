package dev.kurier.spring.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * A transactional listener writing to a database and to Kafka, "best effort 1PC" as Spring Kafka documents it: the
 * container's Kafka transaction is open around the listener, the listener's {@code @Transactional} JDBC transaction
 * commits when the method returns, the Kafka transaction (output and offsets) right after. A listener that throws rolls
 * both back; the record comes again.
 */
@EmbeddedKafka
@SpringBootTest(properties = {"kurier.producer.transaction-id-prefix=jdbc-tx-", "kurier.admin.fail-fast=true",
        "kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=200ms",
        "kurier.listener.error-handler.recoverer=dead-letter", "kurier.listener.error-handler.max-attempts=2",
        "kurier.listener.error-handler.back-off.initial-interval=50ms"})
class JdbcTransactionsTest {

    private static final String IN = "jdbc-tx-in";
    private static final String OUT = "jdbc-tx-out";

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("kurier.bootstrap-servers", () -> KafkaBrokerExtension.sharedCluster().bootstrapServers());
    }

    @Component
    static class OrderWriter {
        private final JdbcTemplate jdbc;
        private final KurierTemplate<String, String> template;

        OrderWriter(JdbcTemplate jdbc, KurierTemplate<String, String> template) {
            this.jdbc = jdbc;
            this.template = template;
        }

        @Transactional("jdbcTransactionManager")
        @KurierListener(id = "jdbc-writer", topics = IN, groupId = "jdbc-tx")
        public void write(String order) {
            // idempotent: a record whose chunk aborted for another record's failure comes again, its row committed
            jdbc.update("merge into orders(id) key(id) values (?)", order);
            template.send(OUT, order, order + "-stored");
            if (order.startsWith("bad")) {
                throw new IllegalStateException("refused " + order);
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableTransactionManagement
    @Import(OrderWriter.class)
    static class App {
        @Bean
        DataSource dataSource() {
            return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true)
                    .addScript("classpath:jdbc-tx-schema.sql").build();
        }

        @Bean
        DataSourceTransactionManager jdbcTransactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        NewTopic in() {
            return NewTopic.of(IN, 1, 1);
        }

        @Bean
        NewTopic out() {
            return NewTopic.of(OUT, 1, 1);
        }

        @Bean
        NewTopic dlt() {
            return NewTopic.of(IN + ".DLT", 1, 1);
        }
    }

    @Autowired
    KurierTemplate<String, String> template;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theDatabaseAndKafkaBothKeepWhatSucceededAndNeitherWhatFailed() {
        template.executeInTransaction(t -> {
            t.send(IN, "k", "o1");
            t.send(IN, "k", "bad2");
            t.send(IN, "k", "o3");
            return null;
        });
        assertThat(readCommitted(IN + ".DLT", 1)).containsExactly("bad2");
        assertThat(readCommitted(OUT, 2)).containsExactly("o1-stored", "o3-stored");
        assertThat(jdbc.queryForList("select id from orders order by id", String.class))
                .as("rows: the failed record's insert rolled back with its Kafka transaction, each other one once")
                .containsExactly("o1", "o3");
    }

    private static List<String> readCommitted(String topic, int expected) {
        List<String> out = new ArrayList<>();
        try (KurierClient client = KurierClient.create(ClientConfig.builder()
                .bootstrapServers(KafkaBrokerExtension.sharedCluster().bootstrapServers()).build());
             Consumer<String, String> c = client.consumer(ConsumerConfig.builder().autoOffsetReset("earliest")
                     .set("isolation.level", "read_committed").build(), Serdes.stringDeserializer(),
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
