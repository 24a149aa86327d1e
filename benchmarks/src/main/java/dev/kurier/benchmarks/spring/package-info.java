/**
 * Spring benchmarks (runnable mains, not tests): {@code @KurierListener} throughput against the raw Kurier consumer
 * and a Spring for Apache Kafka {@code @KafkaListener}, and application start-up time with and without the starter.
 */
package dev.kurier.benchmarks.spring;
