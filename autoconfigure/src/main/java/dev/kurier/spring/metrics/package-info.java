/** Micrometer meters of the client, the template and the listener containers. */
package dev.kurier.spring.metrics;
