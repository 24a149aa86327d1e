package dev.kurier.benchmarks.spring;

import dev.kurier.client.admin.NewTopic;
import dev.kurier.spring.annotation.Key;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.listener.Acknowledgment;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two applications {@link StartupTime} starts: the shape of the sample ({@code samples/}: Spring MVC, Actuator,
 * a REST endpoint sending through the {@code KurierTemplate}, a three-worker listener group and a manual-ack
 * listener group, two declared topics) and the same application without Kurier (MVC and Actuator only).
 */
final class StartupApps {

    private StartupApps() {
    }

    /** Without the starter: web and actuator (Kurier's and Spring Kafka's auto-configurations excluded). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(PlainController.class)
    static class Plain {
    }

    /** With the starter, shaped like the sample. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({OrdersController.class, OrderListeners.class})
    static class WithKurier {
        @Bean
        NewTopic ordersTopic() {
            return NewTopic.of("startup-orders", 3, 1);
        }

        @Bean
        NewTopic ordersDeadLetterTopic() {
            return NewTopic.of("startup-orders.DLT", 1, 1);
        }
    }

    /** A REST endpoint counting calls. */
    @RestController
    static class PlainController {
        final AtomicLong calls = new AtomicLong();

        @PostMapping("/orders/{id}")
        long place(@PathVariable String id) {
            return calls.incrementAndGet();
        }
    }

    /** A REST endpoint sending order events. */
    @RestController
    static class OrdersController {
        final KurierTemplate<String, String> template;

        OrdersController(KurierTemplate<String, String> template) {
            this.template = template;
        }

        @PostMapping("/orders/{id}")
        String place(@PathVariable String id) {
            template.send("startup-orders", id, "{\"id\":\"" + id + "\"}");
            return id;
        }
    }

    /** The sample's two listener groups. */
    static class OrderListeners {
        final AtomicLong fulfilled = new AtomicLong();
        final AtomicLong audited = new AtomicLong();

        @KurierListener(topics = "startup-orders", groupId = "fulfilment", concurrency = "3")
        void fulfil(String order, @Key String id) {
            fulfilled.incrementAndGet();
        }

        @KurierListener(topics = "startup-orders", groupId = "audit", ackMode = "MANUAL")
        void audit(String order, Acknowledgment ack) {
            audited.incrementAndGet();
            ack.acknowledge();
        }
    }
}
