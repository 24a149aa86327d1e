package dev.kurier.samples.orders;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** In-memory record of what the listeners processed (a real service would write to its database). */
@Component
class Fulfilment {

    private final Map<String, OrderPlaced> fulfilled = new ConcurrentHashMap<>();
    private final AtomicLong audited = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    void fulfil(OrderPlaced order) {
        fulfilled.put(order.orderId(), order);
    }

    void recordAudit() {
        audited.incrementAndGet();
    }

    void recordDeadLetter() {
        deadLettered.incrementAndGet();
    }

    long deadLettered() {
        return deadLettered.get();
    }

    List<OrderPlaced> fulfilled() {
        return List.copyOf(fulfilled.values());
    }

    long audited() {
        return audited.get();
    }
}
