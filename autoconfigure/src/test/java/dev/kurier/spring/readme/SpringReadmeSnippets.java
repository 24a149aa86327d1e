package dev.kurier.spring.readme;

import dev.kurier.client.KurierClient;
import dev.kurier.client.consumer.Consumer;
import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.convert.PayloadConverter;
import dev.kurier.spring.core.KurierReplyingTemplate;
import dev.kurier.spring.core.KurierTemplate;
import dev.kurier.spring.listener.Acknowledgment;
import dev.kurier.spring.listener.BatchFailure;
import dev.kurier.spring.metrics.KurierClientMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The README's Spring examples, compiled: {@link SpringReadmeSnippetsTest} checks that the README holds each region
 * between {@code // readme:NAME} and {@code // readme:end} word for word.
 */
final class SpringReadmeSnippets {

    private SpringReadmeSnippets() {
    }

    record Order(String item, int quantity) {
    }

    interface Billing {
        void charge(String order);

        void charge(Order order);
    }

    static final class Listeners {
        private final Billing billing;
        private final KurierTemplate<String, String> template;

        Listeners(Billing billing, KurierTemplate<String, String> template) {
            this.billing = billing;
            this.template = template;
        }

        // readme:spring-listeners
        @KurierListener(topics = "orders", groupId = "billing", concurrency = "3")
        void onOrder(String value) {
            billing.charge(value);
        }

        @KurierListener(topics = "orders", groupId = "audit")
        void onAudit(ConsumerRecord<String, String> record, Acknowledgment ack) {
            template.send("audit", record.key(), record.value());
            ack.acknowledge();
        }
        // readme:end

        // readme:spring-batch
        @KurierListener(topics = "orders", groupId = "invoicing", batch = true)
        void onOrders(List<Order> orders) {
            for (int i = 0; i < orders.size(); i++) {
                try {
                    billing.charge(orders.get(i));
                } catch (RuntimeException e) {
                    throw new BatchFailure(i, e); // those before i count as processed; only i is retried, then recovered
                }
            }
        }
        // readme:end

        // readme:spring-share-group
        @KurierListener(topics = "orders", shareGroup = "order-workers", concurrency = "16")
        void fulfil(Order order) {
            billing.charge(order); // returns: accepted; throws: released, delivered again (to any worker)
        }

        @KurierListener(topics = "refunds", shareGroup = "refund-workers", ackMode = "MANUAL")
        void refund(Order order, Acknowledgment ack) {
            if (order.quantity() <= 0) {
                ack.reject();      // never delivered again
            } else {
                ack.acknowledge(); // or ack.release() to hand it to another worker; any thread, while the lock lasts
            }
        }
        // readme:end
    }

    static String requestReply(KurierTemplate<String, String> template, KurierClient client, PayloadConverter converter)
            throws Exception {
        // readme:spring-request-reply
        try (KurierReplyingTemplate<String, String, String> requests = new KurierReplyingTemplate<>(template, client,
                "prices.replies", String.class, String.class, converter, Duration.ofSeconds(10))) {
            ConsumerRecord<String, String> reply = requests.sendAndReceive("prices", "book-42", "EUR").get();
            return reply.value(); // answered by a @KurierListener(topics = "prices") with @KurierSendTo
        }
        // readme:end
    }

    // readme:spring-transactions
    @Service
    class Checkout {
        private final KurierTemplate<String, String> template;

        Checkout(KurierTemplate<String, String> template) {
            this.template = template;
        }

        @Transactional("kurierTransactionManager")
        public void place(String orderId) {
            template.send("orders", orderId, "created");
            template.send("payments", orderId, "requested"); // both visible to read_committed readers, or neither
        }
    }
    // readme:end

    // readme:spring-transactional-listener
    @Service
    class Enricher {
        private final KurierTemplate<String, String> template;

        Enricher(KurierTemplate<String, String> template) {
            this.template = template;
        }

        @KurierListener(topics = "orders", groupId = "enricher") // a transaction per poll chunk, offsets inside
        void enrich(String order) {
            template.send("orders.enriched", order + " +customer"); // visible once the chunk commits, never if this throws
        }
    }
    // readme:end

    static void executeInTransaction(KurierTemplate<String, String> template) {
        // readme:spring-execute-in-transaction
        template.executeInTransaction(t -> t.send("orders", "order-7", "created"));
        // readme:end
    }

    static void binder(Consumer<String, String> consumer, MeterRegistry registry) {
        // readme:spring-binder
        new KurierClientMetrics(consumer, Tags.of("group", "billing")).bindTo(registry);
        // readme:end
    }
}
