package dev.kurier.samples.orders;

/** Names shared by the producer and the listeners. */
final class OrderEvents {

    /** The topic order events go to, keyed by order id (so one order's events stay in order). */
    static final String TOPIC = "orders";

    private OrderEvents() {
    }
}
