package dev.kurier.samples.orders;

/**
 * What a client posts to {@code /orders}.
 *
 * @param item     what is ordered
 * @param quantity how many
 */
public record OrderRequest(String item, int quantity) {
}
