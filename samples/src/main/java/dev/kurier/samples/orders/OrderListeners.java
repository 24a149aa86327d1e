package dev.kurier.samples.orders;

import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.annotation.Key;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.listener.Acknowledgment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The two consumers of the {@code orders} topic, each a consumer group of its own: both see every order, and
 * running a second instance of the app splits each group's partitions between the instances. Each group commits
 * what it processed, so a restart continues where it stopped.
 */
@Component
class OrderListeners {

    private static final Logger log = LoggerFactory.getLogger(OrderListeners.class);

    private final Fulfilment fulfilment;

    OrderListeners(Fulfilment fulfilment) {
        this.fulfilment = fulfilment;
    }

    /**
     * Group {@code fulfilment}: fulfils orders on three workers; records of one partition stay in order on one
     * worker.
     */
    @KurierListener(id = "fulfilment", topics = OrderEvents.TOPIC, groupId = "fulfilment", concurrency = "3")
    void fulfil(OrderPlaced order, @Key String orderId) {
        log.info("fulfilling order {}: {} x {}", orderId, order.quantity(), order.item());
        fulfilment.fulfil(order);
    }

    /**
     * Group {@code audit}: keeps an audit trail of raw records, acknowledging each once it is written (only
     * acknowledged records are committed).
     */
    @KurierListener(id = "audit", topics = OrderEvents.TOPIC, groupId = "audit", ackMode = "MANUAL")
    void audit(ConsumerRecord<String, String> record, Acknowledgment ack) {
        log.info("audit {}-{}@{} key={} value={}", record.topic(), record.partition(), record.offset(), record.key(),
                record.value());
        fulfilment.recordAudit();
        ack.acknowledge();
    }
}
