package dev.kurier.spring.observation;

import static dev.kurier.spring.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kurier.client.admin.NewTopic;
import dev.kurier.spring.KurierAutoConfiguration;
import dev.kurier.spring.annotation.Header;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.annotation.KurierSendTo;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.listener.ContainerState;
import dev.kurier.spring.listener.KurierListenerRegistry;
import dev.kurier.testkit.junit.EmbeddedKafka;
import dev.kurier.testkit.junit.KafkaBrokerExtension;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observation on a real broker: a handler that propagates like a tracer writes a trace header on send, the listener
 * sees it in the record, its receive observation reads it back, and a reply sent inside the listener call is a child
 * of that observation. Plus the conditions: nothing changes without an ObservationRegistry or when disabled.
 */
@EmbeddedKafka
class KurierObservationTest {

    static final String TRACE = "test-trace";

    /** Plays a tracer: each send starts a trace id written to the carrier; each receive reads it back. */
    static final class PropagatingHandler implements ObservationHandler<Observation.Context> {
        final AtomicInteger ids = new AtomicInteger();
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        final Map<String, String> receivedTrace = new ConcurrentHashMap<>(); // listener call -> trace seen

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void onStart(Observation.Context context) {
            if (context instanceof SenderContext sc) {
                String id = "trace-" + ids.incrementAndGet();
                sc.getSetter().set(sc.getCarrier(), TRACE, id);
                context.put(TRACE, id);
            } else if (context instanceof ReceiverContext rc) {
                Object id = rc.getGetter().get(rc.getCarrier(), TRACE);
                if (id != null) {
                    context.put(TRACE, id);
                }
            }
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    static final class Listeners {
        final ObservationRegistry registry;
        final Map<String, String> headerSeen = new ConcurrentHashMap<>();
        final Map<String, Observation.Context> currentInCall = new ConcurrentHashMap<>();

        Listeners(ObservationRegistry registry) {
            this.registry = registry;
        }

        @KurierListener(id = "traced", topics = "obs-in", groupId = "obs")
        @KurierSendTo("obs-out")
        String onOrder(String value, @Header(value = TRACE, required = false) String trace) {
            headerSeen.put(value, String.valueOf(trace));
            Observation current = registry.getCurrentObservation();
            if (current != null) {
                currentInCall.put(value, current.getContext());
            }
            return value + "-reply";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WithRegistry {
        @Bean
        PropagatingHandler propagatingHandler() {
            return new PropagatingHandler();
        }

        @Bean
        ObservationRegistry observationRegistry(PropagatingHandler handler) {
            ObservationRegistry r = ObservationRegistry.create();
            r.observationConfig().observationHandler(handler);
            return r;
        }

        @Bean
        Listeners listeners(ObservationRegistry registry) {
            return new Listeners(registry);
        }

        @Bean
        NewTopic obsIn() {
            return NewTopic.of("obs-in", 1, 1);
        }

        @Bean
        NewTopic obsOut() {
            return NewTopic.of("obs-out", 1, 1);
        }
    }

    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KurierAutoConfiguration.class,
                        KurierObservationAutoConfiguration.class))
                .withPropertyValues("kurier.bootstrap-servers=" + KafkaBrokerExtension.sharedCluster().bootstrapServers(),
                        "kurier.consumer.auto-offset-reset=earliest", "kurier.listener.poll-timeout=200ms",
                        "kurier.admin.fail-fast=true");
    }

    @Test
    void traceHeadersWrittenOnSendAreReadOnReceive() {
        runner().withUserConfiguration(WithRegistry.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            @SuppressWarnings("unchecked")
            KurierTemplate<String, String> template = ctx.getBean(KurierTemplate.class);
            assertThat(template.sendInterceptor()).isInstanceOf(ObservationSendInterceptor.class);
            KurierListenerRegistry registry = ctx.getBean(KurierListenerRegistry.class);
            waitFor(Duration.ofSeconds(30), "container running",
                    () -> registry.require("traced").state() == ContainerState.RUNNING);
            PropagatingHandler handler = ctx.getBean(PropagatingHandler.class);
            Listeners listeners = ctx.getBean(Listeners.class);

            template.send("obs-in", "k1", "a").get();
            template.send("obs-in", "k2", "b").get();
            waitFor(Duration.ofSeconds(30), "both received", () -> listeners.headerSeen.size() == 2);

            // The header the "tracer" wrote on send is in the record the listener got ...
            List<Observation.Context> sends = handler.stopped.stream()
                    .filter(c -> c instanceof KurierSendContext s && s.topic().equals("obs-in")).toList();
            assertThat(sends).hasSize(2);
            Observation.Context firstSend = sends.get(0);
            assertThat(firstSend.getName()).isEqualTo(ObservationSendInterceptor.NAME);
            assertThat(firstSend.getContextualName()).isEqualTo("obs-in send");
            assertThat(firstSend.getLowCardinalityKeyValues()).contains(KeyValue.of("topic", "obs-in"));
            assertThat(listeners.headerSeen).containsEntry("a", firstSend.get(TRACE))
                    .containsEntry("b", sends.get(1).get(TRACE));

            // ... and the receive observation read it back (the trace continues).
            waitFor(Duration.ofSeconds(10), "receive observations stopped", () -> handler.stopped.stream()
                    .filter(c -> c instanceof KurierReceiveContext).count() == 2);
            KurierReceiveContext receive = (KurierReceiveContext) handler.stopped.stream()
                    .filter(c -> c instanceof KurierReceiveContext r && r.record().key() != null
                            && new String(r.record().key()).equals("k1")).findFirst().orElseThrow();
            assertThat(receive.getName()).isEqualTo(ObservationHandlerDecorator.NAME);
            assertThat(receive.getContextualName()).isEqualTo("obs-in receive");
            assertThat(receive.getLowCardinalityKeyValues()).contains(KeyValue.of("topic", "obs-in"),
                    KeyValue.of("listener", "traced"));
            assertThat((String) receive.get(TRACE)).isEqualTo(firstSend.get(TRACE));
            assertThat(receive.listenerId()).isEqualTo("traced");

            // The receive observation is current during the call; the reply sent in it is its child.
            assertThat(listeners.currentInCall.get("a")).isSameAs(receive);
            waitFor(Duration.ofSeconds(10), "reply sends observed", () -> handler.stopped.stream()
                    .filter(c -> c instanceof KurierSendContext s && s.topic().equals("obs-out")).count() == 2);
            assertThat(handler.stopped.stream()
                    .filter(c -> c instanceof KurierSendContext s && s.topic().equals("obs-out"))
                    .map(c -> c.getParentObservation() == null ? null : c.getParentObservation().getContextView()))
                    .allMatch(p -> p instanceof KurierReceiveContext);
        });
    }

    @Test
    void nothingChangesWithoutARegistry() {
        runner().withPropertyValues("kurier.listener.auto-startup=false").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx).doesNotHaveBean(ObservationSendInterceptor.class)
                    .doesNotHaveBean(ObservationHandlerDecorator.class);
            assertThat(ctx.getBean(KurierTemplate.class).sendInterceptor()).isNull();
        });
    }

    @Test
    void nothingChangesWhenDisabled() {
        runner().withUserConfiguration(WithRegistry.class)
                .withPropertyValues("kurier.observation.enabled=false", "kurier.listener.auto-startup=false")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx).doesNotHaveBean(ObservationSendInterceptor.class)
                            .doesNotHaveBean(ObservationHandlerDecorator.class);
                    assertThat(ctx.getBean(KurierTemplate.class).sendInterceptor()).isNull();
                });
    }

    @Test
    void nothingChangesWithoutMicrometerObservation() {
        runner().withUserConfiguration(WithRegistry.class)
                .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
                .withPropertyValues("kurier.listener.auto-startup=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(ObservationSendInterceptor.class));
    }
}
