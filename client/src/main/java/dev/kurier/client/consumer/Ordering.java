package dev.kurier.client.consumer;

/**
 * How records are spread over worker threads, by a {@link dev.kurier.client.consumer.parallel.ParallelConsumer} and by the Spring starter's listener
 * containers alike.
 */
public enum Ordering {
    /** Every record of a partition goes to the same worker: per-partition order (the default). */
    PARTITION,
    /** Every record with the same key goes to the same worker: per-key order, parallel beyond the partition count. */
    KEY,
    /** Records go to any worker: no order, most parallel. */
    NONE
}
