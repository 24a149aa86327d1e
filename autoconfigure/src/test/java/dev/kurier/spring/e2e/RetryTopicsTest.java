package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.KurierClient;
import dev.kurier.client.admin.NewTopic;
import dev.kurier.client.common.TopicPartition;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerConfig;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.client.serialization.Serdes;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.annotation.KurierRetryableTopic;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.RetryTopics;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Non-blocking retries: a failing record goes through the retry topics after their delays and ends in the
 * dead-letter topic, while the records behind it on the main topic are processed at once.
 */
@EmbeddedKafka
class RetryTopicsTest {

    static final List<String> PROCESSED = new CopyOnWriteArrayList<>();
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    static final Map<String, List<Long>> CALL_TIMES = new ConcurrentHashMap<>();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        NewTopic orders() {
            return NewTopic.of("rt-orders", 1, 1);
        }

        @KurierListener(id = "rt", topics = "rt-orders", groupId = "rt")
        @KurierRetryableTopic(attempts = "3", delay = "300ms", multiplier = "2", maxDelay = "5s")
        void on(String value) {
            int call = CALLS.computeIfAbsent(value, k -> new AtomicInteger()).incrementAndGet();
            CALL_TIMES.computeIfAbsent(value, k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            if (value.equals("bad") || (value.equals("flaky") && call == 1)) {
                throw new IllegalStateException(value + " failed on call " + call);
            }
            PROCESSED.add(value);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void failuresGoThroughTheRetryTopicsToTheDeadLetterTopicWithoutHoldingUpTheMainTopic() {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                        "kurier.consumer.auto-offset-reset=earliest", "kurier.admin.fail-fast=true",
                        "kurier.listener.poll-timeout=100ms", "spring.main.banner-mode=off").run()) {
            assertThat(ctx.getBean(KurierListenerRegistry.class).ids()).containsExactly("rt", "rt-retry-1", "rt-retry-2");
            KurierTemplate<String, String> template = ctx.getBean(KurierTemplate.class);
            template.send("rt-orders", "k", "bad");
            template.send("rt-orders", "k", "flaky");
            template.send("rt-orders", "k", "good");
            template.flush();
            // The main topic does not wait for the retries: "good" right behind the failures is processed at once.
            waitFor(Duration.ofSeconds(30), "good and flaky processed", () -> PROCESSED.containsAll(List.of("good",
                    "flaky")));
            assertThat(CALLS.get("good").get()).isEqualTo(1);
            assertThat(CALLS.get("flaky").get()).isEqualTo(2);
            waitFor(Duration.ofSeconds(30), "bad called three times", () -> CALLS.get("bad").get() == 3);
            assertThat(PROCESSED).doesNotContain("bad");
            List<Long> times = CALL_TIMES.get("bad");
            // each retry waited for its delay: 300 ms, then 600 ms
            assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(Duration.ofNanos(times.get(2) - times.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(550));

            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            KurierClient client = ctx.getBean(KurierClient.class);
            try (Consumer<String, String> c = client.consumer(ConsumerConfig.defaults(), Serdes.stringDeserializer(),
                    Serdes.stringDeserializer())) {
                TopicPartition dlt = new TopicPartition(RetryTopics.deadLetterTopic("rt-orders"), 0);
                c.assign(List.of(dlt));
                c.seekToBeginning(List.of(dlt));
                waitFor(Duration.ofSeconds(30), "bad in the dead-letter topic", () -> {
                    c.poll(Duration.ofMillis(200)).forEach(dead::add);
                    return !dead.isEmpty();
                });
            }
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value()).isEqualTo("bad");
            assertThat(dead.get(0).key()).isEqualTo("k");
            assertThat(dead.get(0).lastHeader(RetryTopics.ORIGINAL_TOPIC).valueAsString()).isEqualTo("rt-orders");
        }
    }
}
