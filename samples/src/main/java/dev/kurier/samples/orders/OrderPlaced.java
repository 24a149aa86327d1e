package dev.kurier.samples.orders;

import java.time.Instant;

/**
 * The event published for an accepted order (JSON on the {@code orders} topic).
 *
 * @param orderId  generated order id, also the record key
 * @param item     what is ordered
 * @param quantity how many
 * @param placedAt when the order was accepted
 */
public record OrderPlaced(String orderId, String item, int quantity, Instant placedAt) {
}
