package dev.kurier.spring.event;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.common.TopicPartition;
import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.spring.listener.RecordSourceFactory;
import dev.kurier.spring.listener.TestRecordSources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Containers publish their lifecycle as application events. */
class ListenerEventsTest {

    static final List<KurierListenerEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        RecordSourceFactory fakeSources() {
            return TestRecordSources.inMemory("orders", 2);
        }

        @EventListener
        void on(KurierListenerEvent e) {
            EVENTS.add(e);
        }

        @KurierListener(id = "evented", topics = "orders")
        void onOrder(String value) {
        }
    }

    @Test
    void startedAssignedIdleAndStoppedArePublished() {
        EVENTS.clear();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1", "kurier.listener.poll-timeout=20ms",
                        "kurier.listener.idle-event-interval=100ms")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    waitFor(Duration.ofSeconds(5), "idle published", () -> EVENTS.stream()
                            .anyMatch(e -> e instanceof ListenerIdleEvent));
                    assertThat(EVENTS.get(0)).isInstanceOf(PartitionsAssignedEvent.class);
                    assertThat(((PartitionsAssignedEvent) EVENTS.get(0)).partitions())
                            .containsExactlyInAnyOrder(new TopicPartition("orders", 0), new TopicPartition("orders", 1));
                    assertThat(EVENTS.get(1)).isInstanceOf(ListenerStartedEvent.class);
                    ListenerIdleEvent idle = (ListenerIdleEvent) EVENTS.stream()
                            .filter(e -> e instanceof ListenerIdleEvent).findFirst().orElseThrow();
                    assertThat(idle.listenerId()).isEqualTo("evented");
                    assertThat(idle.idleFor()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
                    ctx.getBean(KurierListenerRegistry.class).stop("evented");
                    ListenerStoppedEvent stopped = (ListenerStoppedEvent) EVENTS.stream()
                            .filter(e -> e instanceof ListenerStoppedEvent).findFirst().orElseThrow();
                    assertThat(stopped.failure()).isNull();
                });
    }
}
