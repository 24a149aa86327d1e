package dev.kurier.samples.orders;

/** Names shared by the producer and the listeners. */
final class OrderEvents {

    /** The topic order events go to, keyed by order id (so one order's events stay in order). */
    static final String TOPIC = "orders";

    /** Where orders the listeners give up on go (the default dead-letter topic: the topic plus ".DLT"). */
    static final String DEAD_LETTER_TOPIC = TOPIC + ".DLT";

    private OrderEvents() {
    }
}
