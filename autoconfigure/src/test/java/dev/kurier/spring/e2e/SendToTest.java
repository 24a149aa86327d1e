package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.admin.NewTopic;
import dev.kurier.spring.annotation.Key;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.annotation.KurierSendTo;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.listener.ContainerState;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @KurierSendTo} on a real broker: a record listener's return value goes to the reply topic (placeholder
 * resolved) under the incoming key, {@code null} sends nothing, a batch listener's list is sent element by element.
 */
@EmbeddedKafka
@SpringBootTest(properties = {"kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=200ms",
        "kurier.admin.fail-fast=true", "replies.topic=sendto-out"})
class SendToTest {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("kurier.bootstrap-servers", () -> KafkaBrokerExtension.sharedCluster().bootstrapServers());
    }

    @Component
    static class Listeners {
        final Map<String, String> replies = new ConcurrentHashMap<>();
        /** Every reply in arrival order, as key=value. */
        final List<String> allReplies = new CopyOnWriteArrayList<>();
        final List<String> batchReplies = new CopyOnWriteArrayList<>();

        @KurierListener(id = "upper", topics = "sendto-in", groupId = "sendto")
        @KurierSendTo("${replies.topic}")
        String upper(String value) {
            return value.startsWith("skip") ? null : value.toUpperCase();
        }

        @KurierListener(id = "replies", topics = "sendto-out", groupId = "sendto-check")
        void reply(String value, @Key String key) {
            replies.put(key, value);
            allReplies.add(key + "=" + value);
        }

        @KurierListener(id = "batch", topics = "sendto-batch-in", groupId = "sendto", batch = true)
        @KurierSendTo("sendto-batch-out")
        List<String> exclaim(List<String> values) {
            return values.stream().map(v -> v + "!").toList();
        }

        @KurierListener(id = "batch-replies", topics = "sendto-batch-out", groupId = "sendto-check")
        void batchReply(String value) {
            batchReplies.add(value);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {
        @Bean
        NewTopic in() {
            return NewTopic.of("sendto-in", 2, 1);
        }

        @Bean
        NewTopic out() {
            return NewTopic.of("sendto-out", 2, 1);
        }

        @Bean
        NewTopic batchIn() {
            return NewTopic.of("sendto-batch-in", 1, 1);
        }

        @Bean
        NewTopic batchOut() {
            return NewTopic.of("sendto-batch-out", 1, 1);
        }
    }

    @Autowired
    KurierTemplate<String, String> template;
    @Autowired
    Listeners listeners;
    @Autowired
    KurierListenerRegistry registry;

    @Test
    void returnValuesAreSentToTheReplyTopic() throws Exception {
        waitFor(Duration.ofSeconds(30), "containers running", () -> registry.containers().stream()
                .allMatch(c -> c.state() == ContainerState.RUNNING));
        for (int i = 0; i < 20; i++) {
            template.send("sendto-in", "k" + i, (i % 5 == 0 ? "skip-" : "order-") + i);
        }
        for (int i = 0; i < 10; i++) {
            template.send("sendto-batch-in", "b" + i);
        }
        template.flush();
        waitFor(Duration.ofSeconds(30), "16 replies", () -> listeners.replies.size() == 16);
        waitFor(Duration.ofSeconds(30), "10 batch replies", () -> listeners.batchReplies.size() == 10);
        assertThat(listeners.replies).hasSize(16).containsEntry("k1", "ORDER-1").containsEntry("k19", "ORDER-19")
                .doesNotContainKeys("k0", "k5", "k10", "k15");
        // Sentinels with the skipped records' keys: same partitions, so they are processed (and replied to) after
        // them; once their replies are in, any reply a skipped record sent would be in too.
        for (String key : List.of("k0", "k5", "k10", "k15")) {
            template.send("sendto-in", key, "order-after-" + key);
        }
        template.flush();
        waitFor(Duration.ofSeconds(30), "the sentinels' replies", () -> listeners.replies.size() == 20);
        assertThat(listeners.allReplies).as("the skipped records sent nothing").noneMatch(r -> r.contains("SKIP"))
                .contains("k0=ORDER-AFTER-K0").hasSize(20);
        assertThat(listeners.batchReplies).containsExactly("b0!", "b1!", "b2!", "b3!", "b4!", "b5!", "b6!", "b7!",
                "b8!", "b9!");
        // Every incoming record counted as processed once its reply was sent.
        waitFor(Duration.ofSeconds(10), "upper caught up", () -> registry.require("upper").pendingRecords() == 0);
    }
}
