/**
 * Exactly-once read-process-write on top of the transactional producer: records consumed, the records made from them
 * and the consumed offsets commit in one transaction or not at all ({@link dev.kurier.client.exactlyonce.ExactlyOnceProcessor}).
 * Sits above the producer and the consumer, and uses only their public API.
 */
package dev.kurier.client.exactlyonce;
