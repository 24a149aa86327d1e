package dev.kurier.samples.orders;

import dev.kurier.client.consumer.ConsumerRecord;
import dev.kurier.spring.annotation.Header;
import dev.kurier.spring.annotation.Key;
import dev.kurier.spring.annotation.KurierListener;
import dev.kurier.spring.listener.Acknowledgment;
import dev.kurier.spring.listener.DeadLetterHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The two consumers of the {@code orders} topic (plus one of its dead-letter topic), each a consumer group of its own: both see every order, and
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
        if (order.quantity() < 1) {
            // Not retryable (see application.yml): goes straight to orders.DLT, and the partition moves on.
            throw new InvalidOrderException("order " + orderId + " has quantity " + order.quantity()
                    + "; at least 1 is needed");
        }
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

    /**
     * Group {@code dlt-audit}: reads the dead-letter topic, where the error handler put orders the fulfilment
     * listener gave up on, with headers saying where each came from and why it failed.
     */
    @KurierListener(topics = OrderEvents.DEAD_LETTER_TOPIC, groupId = "dlt-audit")
    void deadLetters(ConsumerRecord<String, String> record,
                     @Header(DeadLetterHeaders.ORIGINAL_TOPIC) String topic,
                     @Header(DeadLetterHeaders.ORIGINAL_PARTITION) String partition,
                     @Header(DeadLetterHeaders.ORIGINAL_OFFSET) String offset,
                     @Header(DeadLetterHeaders.EXCEPTION_CLASS) String exception,
                     @Header(DeadLetterHeaders.EXCEPTION_MESSAGE) String message) {
        log.warn("dead letter from {}-{}@{} (key {}): {}: {}", topic, partition, offset, record.key(), exception, message);
        fulfilment.recordDeadLetter();
    }
}
