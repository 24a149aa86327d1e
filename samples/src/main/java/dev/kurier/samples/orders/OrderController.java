package dev.kurier.samples.orders;

import dev.kurier.spring.core.KurierTemplate;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders} publishes an order event; {@code GET /orders/fulfilled} shows what the listeners did. */
@RestController
@RequestMapping("/orders")
class OrderController {

    private final KurierTemplate<String, OrderPlaced> template;
    private final Fulfilment fulfilment;

    OrderController(KurierTemplate<String, OrderPlaced> template, Fulfilment fulfilment) {
        this.template = template;
        this.fulfilment = fulfilment;
    }

    /** Accepts an order: answers 202 with where the event landed once the broker acknowledged it. */
    @PostMapping
    CompletableFuture<ResponseEntity<Map<String, Object>>> place(@RequestBody OrderRequest request) {
        // Quantity 0 is let through on purpose: the fulfilment listener rejects it, showing the dead-letter path.
        if (request.item() == null || request.item().isBlank() || request.quantity() < 0) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest()
                    .body(Map.of("error", "item and a quantity that is not negative are required")));
        }
        OrderPlaced event = new OrderPlaced(UUID.randomUUID().toString(), request.item(), request.quantity(), Instant.now());
        return template.send(OrderEvents.TOPIC, event.orderId(), event)
                .thenApply(result -> ResponseEntity.status(HttpStatus.ACCEPTED).<Map<String, Object>>body(Map.of(
                        "orderId", event.orderId(),
                        "partition", result.metadata().partition().partition(),
                        "offset", result.metadata().offset())))
                .exceptionally(e -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .body(Map.of("error", String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()))));
    }

    /** Orders the fulfilment listener has processed, and how many records the audit listener saw. */
    @GetMapping("/fulfilled")
    Map<String, Object> fulfilled() {
        return Map.of("fulfilled", fulfilment.fulfilled(), "audited", fulfilment.audited(), "deadLettered",
                fulfilment.deadLettered());
    }
}
