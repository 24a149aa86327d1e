/**
 * JUnit Jupiter support: {@link dev.kurier.testkit.junit.EmbeddedKafka} and {@link
 * dev.kurier.testkit.junit.KafkaBrokerExtension}, a broker shared by all test classes of a JVM.
 */
package dev.kurier.testkit.junit;
