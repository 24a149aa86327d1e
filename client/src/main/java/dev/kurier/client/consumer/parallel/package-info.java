/**
 * One consumer's records processed by worker threads: {@link dev.kurier.client.consumer.parallel.ParallelConsumer}
 * (kafka-python's MultiProcessConsumer, in threads) and the {@link dev.kurier.client.consumer.parallel.WorkerPool} it
 * runs on, which the Spring starter's listener containers run on too. Above the consumer API; nothing below knows of
 * it.
 */
package dev.kurier.client.consumer.parallel;
