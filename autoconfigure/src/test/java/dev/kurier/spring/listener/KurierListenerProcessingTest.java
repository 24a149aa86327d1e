package dev.kurier.spring.listener;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kurier.client.common.Header;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.KurierProperties.AckMode;
import dev.kurier.spring.annotation.Key;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.client.consumer.Ordering;
import dev.kurier.spring.health.KurierHealthAutoConfiguration;
import dev.kurier.spring.metrics.KurierMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/** {@code @KurierListener} from annotation to running container, with an in-memory record source. */
class KurierListenerProcessingTest {

    static final FakeLog LOG = new FakeLog("orders", 2);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class, KurierHealthAutoConfiguration.class,
                    KurierMetricsAutoConfiguration.class))
            .withPropertyValues("kurier.bootstrap-servers=127.0.0.1:1", "kurier.consumer.group-id=default-group",
                    "app.topic=orders", "app.workers=2", "kurier.listener.poll-timeout=50ms");

    record Order(String id, int qty) {
    }

    @Component
    static class OrderListeners {
        final List<Order> orders = new CopyOnWriteArrayList<>();
        final List<String> keys = new CopyOnWriteArrayList<>();
        final List<Long> manualOffsets = new CopyOnWriteArrayList<>();

        @KurierListener(id = "orders-json", topics = "${app.topic}", concurrency = "${app.workers}", ordering = Ordering.KEY)
        void onOrder(Order order, @Key String key) {
            orders.add(order);
            keys.add(key);
        }

        @KurierListener(topics = "#{'${app.topic}'}", groupId = "audit", ackMode = "manual", partitions = "1")
        void audit(ConsumerRecord<String, String> record, Acknowledgment ack) {
            manualOffsets.add(record.offset());
            ack.acknowledge();
        }

        @KurierListener(id = "idle", topicPattern = "ord.*", autoStartup = "false", batch = true,
                properties = {"max.poll.records=3"})
        void idle(List<String> values) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FakeSourceConfig {
        @Bean
        RecordSourceFactory fakeSources() {
            return (endpoint, config) -> new FakeRecordSource(LOG, config.get(
                    dev.kurier.client.consumer.ConsumerConfig.MAX_POLL_RECORDS), 0);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void listenersAreResolvedRegisteredStartedAndMetered() {
        LOG.partitions.values().forEach(List::clear);
        LOG.append("orders", 0, "k1", "{\"id\":\"o1\",\"qty\":1}");
        LOG.append("orders", 1, "k2", "{\"id\":\"o2\",\"qty\":2}", Header.of("h", "v"));
        LOG.append("orders", 1, "k3", "not json");
        runner.withUserConfiguration(FakeSourceConfig.class, OrderListeners.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            KurierListenerRegistry registry = ctx.getBean(KurierListenerRegistry.class);
            assertThat(registry.ids()).containsExactlyInAnyOrder("orders-json", "kurierListenerProcessingTest.OrderListeners.audit", "idle");
            ListenerContainer json = registry.require("orders-json");
            assertThat(json.endpoint().topics()).containsExactly("orders");
            assertThat(json.endpoint().concurrency()).isEqualTo(2);
            assertThat(json.endpoint().ordering()).isEqualTo(Ordering.KEY);
            assertThat(json.endpoint().groupId()).isEqualTo("default-group");
            assertThat(json.endpoint().ackMode()).isEqualTo(AckMode.AUTO);
            ListenerContainer audit = registry.containers().stream().filter(c -> c.id().endsWith(".audit")).findFirst()
                    .orElseThrow();
            assertThat(audit.endpoint().groupId()).isEqualTo("audit");
            assertThat(audit.endpoint().partitions()).containsExactly(1);
            assertThat(audit.endpoint().ackMode()).isEqualTo(AckMode.MANUAL);
            ListenerContainer idle = registry.require("idle");
            assertThat(idle.endpoint().topicPattern().pattern()).isEqualTo("ord.*");
            assertThat(idle.endpoint().batch()).isTrue();
            assertThat(idle.endpoint().consumerProperties()).containsEntry("max.poll.records", "3");
            assertThat(idle.isRunning()).isFalse();
            assertThat(idle.state()).isEqualTo(ContainerState.CREATED);

            OrderListeners bean = ctx.getBean(OrderListeners.class);
            waitFor(Duration.ofSeconds(5), "two orders", () -> bean.orders.size() == 2);
            assertThat(bean.orders).containsExactlyInAnyOrder(new Order("o1", 1), new Order("o2", 2));
            assertThat(bean.keys).containsExactlyInAnyOrder("k1", "k2");
            // the fake source reads every partition; the audit listener's ack tracking still works
            waitFor(Duration.ofSeconds(5), "audit saw all", () -> bean.manualOffsets.size() == 3);

            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            waitFor(Duration.ofSeconds(5), "error timer", () -> meters.find("kurier.listener.process")
                    .tags("listener", "orders-json", "outcome", "error").functionTimer().count() == 1);
            assertThat(meters.get("kurier.listener.process").tags("listener", "orders-json", "outcome", "success")
                    .functionTimer().count()).isEqualTo(2);
            assertThat(meters.get("kurier.listener.process").tags("listener", "orders-json", "outcome", "error")
                    .functionTimer().count()).isEqualTo(1); // "not json" went to the default error handler
            assertThat(meters.get("kurier.listener.records").tag("listener", "orders-json").counter().count()).isEqualTo(3);
            assertThat(meters.get("kurier.listener.in.flight").tag("listener", "orders-json").gauge().value()).isZero();

            registry.pause("orders-json");
            waitFor(Duration.ofSeconds(5), "paused", () -> json.state() == ContainerState.PAUSED);
            LOG.append("orders", 0, "k4", "{\"id\":\"o4\",\"qty\":4}");
            // PAUSED is set between polls and no poll runs while paused: the record cannot have been read
            assertThat(bean.orders).hasSize(2);
            registry.resume("orders-json");
            waitFor(Duration.ofSeconds(5), "resumed", () -> bean.orders.size() == 3);
            registry.stop("orders-json");
            assertThat(json.state()).isEqualTo(ContainerState.STOPPED);
            registry.start("idle");
            waitFor(Duration.ofSeconds(5), "idle running", () -> idle.state() == ContainerState.RUNNING);
            assertThatThrownBy(() -> registry.pause("nope")).hasMessageContaining("no listener container 'nope'");
        });
    }

    @Component
    static class BadConcurrency {
        @KurierListener(topics = "t", concurrency = "lots")
        void on(String v) {
        }
    }

    @Component
    static class MissingErrorHandler {
        @KurierListener(topics = "t", errorHandler = "nowhere")
        void on(String v) {
        }
    }

    @Component
    static class NoTopics {
        @KurierListener(topics = "${app.empty:}")
        void on(String v) {
        }
    }

    @Component
    static class TopicsAndPattern {
        @KurierListener(topics = "t", topicPattern = "t.*")
        void on(String v) {
        }
    }

    @Component
    static class ManualWithoutAck {
        @KurierListener(topics = "t", ackMode = "MANUAL")
        void on(String v) {
        }
    }

    @Component
    static class BadPartitions {
        @KurierListener(topics = "t", partitions = "3-1")
        void on(String v) {
        }
    }

    @Component
    static class BadListenerProperty {
        @KurierListener(topics = "t", properties = "max.poll.records=zero")
        void on(String v) {
        }
    }

    @Test
    void badListenerDefinitionsFailStartupNamingTheMethod() {
        expectFailure(BadConcurrency.class, "BadConcurrency.on", "concurrency 'lots' is not a number");
        expectFailure(MissingErrorHandler.class, "MissingErrorHandler.on", "errorHandler bean 'nowhere' does not exist");
        expectFailure(NoTopics.class, "NoTopics.on", "no topics");
        expectFailure(TopicsAndPattern.class, "TopicsAndPattern.on", "not both");
        expectFailure(ManualWithoutAck.class, "ManualWithoutAck.on", "no Acknowledgment parameter");
        expectFailure(BadPartitions.class, "BadPartitions.on", "partition range '3-1'");
        expectFailure(BadListenerProperty.class, "BadListenerProperty.on", "max.poll.records");
    }

    private void expectFailure(Class<?> listener, String method, String reason) {
        runner.withUserConfiguration(listener).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasMessageContaining("@KurierListener on " + method)
                    .hasMessageContaining(reason);
        });
    }
}
