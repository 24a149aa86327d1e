/**
 * A real Apache Kafka cluster (KRaft, combined broker+controller nodes) on loopback, for tests and
 * development, run in forked JVMs from the Kafka jars on Maven Central: start with {@link
 * dev.kurier.testkit.KafkaCluster#builder()}.
 */
package dev.kurier.testkit;
