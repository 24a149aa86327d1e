/**
 * The optional Testcontainers path (Kafka in Docker). Only {@link
 * dev.kurier.testkit.testcontainers.KafkaContainerSupport} and its probe need Testcontainers on the
 * classpath; {@link dev.kurier.testkit.testcontainers.EnabledIfDockerAvailable} works without it.
 */
package dev.kurier.testkit.testcontainers;
