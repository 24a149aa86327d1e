package dev.kurier.client.consumer;

/** How a {@link ParallelConsumer} spreads records over its workers. */
public enum Ordering {
    /** Every record of a partition goes to the same worker: per-partition order (the default). */
    PARTITION,
    /** Every record with the same key goes to the same worker: per-key order, parallel beyond the partition count. */
    KEY,
    /** Records go to any worker: no order, most parallel. */
    NONE
}
