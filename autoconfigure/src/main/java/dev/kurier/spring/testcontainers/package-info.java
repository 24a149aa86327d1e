/** {@code @ServiceConnection} support: Testcontainers' Kafka containers as the Kurier client's cluster. */
package dev.kurier.spring.testcontainers;
