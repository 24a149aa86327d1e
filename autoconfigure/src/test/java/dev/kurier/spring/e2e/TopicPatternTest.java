package dev.kurier.spring.e2e;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.admin.NewTopic;
import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.annotation.Topic;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.listener.ContainerState;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code topicPattern} on a real broker, in both modes (consumer group and assigned partitions): a topic created
 * after the listener started and matching the pattern is found on the next assignment refresh and consumed; a
 * topic not matching it is not.
 */
@EmbeddedKafka
class TopicPatternTest {

    static final class Listeners {
        final Set<String> grouped = ConcurrentHashMap.newKeySet();
        final Set<String> assigned = ConcurrentHashMap.newKeySet();

        @KurierListener(id = "pattern-group", topicPattern = "pat\\.orders\\..*", groupId = "pattern-group")
        void grouped(String value, @Topic String topic) {
            grouped.add(topic + ":" + value);
        }

        @KurierListener(id = "pattern-assigned", topicPattern = "pat\\.orders\\..*")
        void assigned(String value, @Topic String topic) {
            assigned.add(topic + ":" + value);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        Listeners listeners() {
            return new Listeners();
        }

        @Bean
        NewTopic first() {
            return NewTopic.of("pat.orders.eu", 2, 1);
        }
    }

    @Test
    void aTopicCreatedAfterStartThatMatchesIsConsumed() {
        var cluster = KafkaBrokerExtension.sharedCluster();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .withPropertyValues("kurier.bootstrap-servers=" + cluster.bootstrapServers(),
                        "kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=200ms",
                        "kurier.listener.assignment-refresh-interval=500ms", "kurier.metadata-max-age=500ms", "kurier.admin.fail-fast=true",
                        "kurier.allow-auto-create-topics=false")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    KurierTemplate<String, String> template = ctx.getBean(KurierTemplate.class);
                    KurierListenerRegistry registry = ctx.getBean(KurierListenerRegistry.class);
                    Listeners listeners = ctx.getBean(Listeners.class);
                    waitFor(Duration.ofSeconds(30), "containers running", () -> registry.containers().stream()
                            .allMatch(c -> c.state() == ContainerState.RUNNING && !c.assignment().isEmpty()));
                    template.send("pat.orders.eu", "k", "1").get();
                    waitFor(Duration.ofSeconds(30), "first topic consumed", () ->
                            listeners.grouped.contains("pat.orders.eu:1") && listeners.assigned.contains("pat.orders.eu:1"));

                    cluster.createTopic("pat.orders.us", 3, 1);
                    cluster.createTopic("pat.invoices.us", 1, 1); // does not match
                    waitFor(Duration.ofSeconds(30), "new topic picked up", () ->
                            registry.require("pattern-group").assignment().size() == 5
                                    && registry.require("pattern-assigned").assignment().size() == 5);
                    for (int i = 0; i < 6; i++) {
                        template.send("pat.orders.us", "k" + i, "us-" + i);
                    }
                    template.send("pat.invoices.us", "x", "invoice").get();
                    template.flush();
                    waitFor(Duration.ofSeconds(30), "new topic consumed by both", () ->
                            listeners.grouped.size() == 7 && listeners.assigned.size() == 7);
                    // a sentinel after them on a matching topic: once both have it, the invoice (written before
                    // it) would have been read already if the pattern took its topic
                    template.send("pat.orders.us", "k6", "sentinel").get();
                    waitFor(Duration.ofSeconds(30), "the sentinel consumed by both", () ->
                            listeners.grouped.size() == 8 && listeners.assigned.size() == 8);
                    assertThat(registry.require("pattern-group").assignment())
                            .noneMatch(tp -> tp.topic().startsWith("pat.invoices"));
                    assertThat(listeners.grouped).contains("pat.orders.us:us-0", "pat.orders.us:us-5")
                            .noneMatch(s -> s.startsWith("pat.invoices"));
                    assertThat(listeners.assigned).isEqualTo(listeners.grouped);
                });
    }
}
